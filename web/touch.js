// Touch on the page: a tap is hover + click, delivered to the canvas as the mouse events GLFW understands (a
// press on the frame after the hover, so ImGui sees the item under the finger first); two fingers pinch as the
// mouse wheel (zoom in the 3D view), never a click; one finger on a page field (web/html_fields.js) is the
// field's tap, or a drag that scrolls the view under it as a drag on the canvas would.

export function startTouch(canvas) {
  function forwardTouch(type, touch) {
    canvas.dispatchEvent(new MouseEvent(type, { clientX: touch.clientX, clientY: touch.clientY, screenX: touch.screenX,
      screenY: touch.screenY, button: 0, buttons: type === 'mouseup' ? 0 : 1, bubbles: true, cancelable: true }));
  }
  // Two fingers: pinch becomes the mouse wheel (zoom in the 3D view), never a click.
  let pinch = 0;
  const spread = (ts) => Math.hypot(ts[0].clientX - ts[1].clientX, ts[0].clientY - ts[1].clientY);
  // One finger on a page field (web/html_fields.js): a tap is the field's (focus, keyboard), a drag scrolls
  // the view under it as a drag on the canvas would.
  let fieldDrag = null;  // {start, dragging}
  function fieldTouch(touchType, e) {
    const t = e.changedTouches[0];
    if (touchType === 'touchstart') {
      fieldDrag = { start: { clientX: t.clientX, clientY: t.clientY, screenX: t.screenX, screenY: t.screenY }, dragging: false };
      return;
    }
    if (!fieldDrag) return;
    if (touchType === 'touchmove') {
      if (!fieldDrag.dragging && Math.hypot(t.clientX - fieldDrag.start.clientX, t.clientY - fieldDrag.start.clientY) > 8) {
        fieldDrag.dragging = true;
        forwardTouch('mousemove', fieldDrag.start);
        forwardTouch('mousedown', fieldDrag.start);
      }
      if (fieldDrag.dragging) {
        e.preventDefault();
        forwardTouch('mousemove', t);
      }
    } else {
      if (fieldDrag.dragging) {
        e.preventDefault();  // a drag, not a tap: the field does not take the keyboard
        forwardTouch('mouseup', t);
      }
      fieldDrag = null;
    }
  }
  for (const [touchType, mouseType] of [['touchstart', 'mousedown'], ['touchmove', 'mousemove'], ['touchend', 'mouseup']]) {
    window.addEventListener(touchType, (e) => {
      if (e.target.classList?.contains('html-field') && (e.touches.length <= 1 || fieldDrag)) {
        fieldTouch(touchType, e);
        return;
      }
      if (e.target !== canvas) return;
      // The default action is cancelled below, focus change included: a tap on the canvas leaves a field itself.
      if (touchType === 'touchstart' && document.activeElement?.classList.contains('html-field')) canvas.focus();
      e.preventDefault();
      e.stopImmediatePropagation();
      if (e.touches.length >= 2) {
        const d = spread(e.touches);
        if (touchType === 'touchmove' && pinch)
          canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: (pinch - d) * 2, clientX: (e.touches[0].clientX + e.touches[1].clientX) / 2,
                                                              clientY: (e.touches[0].clientY + e.touches[1].clientY) / 2, bubbles: true, cancelable: true }));
        pinch = d;
        return;
      }
      if (pinch) { pinch = 0; if (touchType !== 'touchstart') return; }
      const t = e.changedTouches[0];
      if (touchType === 'touchstart') {
        forwardTouch('mousemove', t);                                   // hover first,
        requestAnimationFrame(() => forwardTouch('mousedown', t));      // press on the next frame
      } else if (touchType === 'touchend') {
        requestAnimationFrame(() => requestAnimationFrame(() => forwardTouch('mouseup', t)));
      } else {
        forwardTouch(mouseType, t);
      }
    }, { capture: true, passive: false });
  }
}
