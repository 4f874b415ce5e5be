// Optional helper for articles that embed the explainer: sizes each explainer iframe to the height its
// page reports (postMessage {type: 'attn-explainer:height', height}). Include once per page:
//   <script src="https://your.host/explainer/embed.js" async></script>
(function () {
  'use strict';
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.type !== 'attn-explainer:height' || typeof data.height !== 'number') return;
    var height = Math.max(240, Math.min(4000, Math.round(data.height)));
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        if (!frames[i].hasAttribute('data-fixed-height')) frames[i].style.height = height + 'px';
        frames[i].setAttribute('data-reported-height', String(height));
      }
    }
  });
})();
