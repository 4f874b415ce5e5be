#!/usr/bin/env python3
"""Reads the source tree's #includes and checks the layering the README promises:
  engine ← host ← {cli, app}; inside the engine, each folder only includes those below it (engine_uses) and
  a family folder never includes another (in the app only the desktop entry, src/app/platform, reads files); the engine has no UI, GL, Emscripten or file-system includes; the app never
  includes the CLI; the app's folders point one way (core ← ui ← panels ← lesson ← shell ← platform); app
  headers include each other without cycles; outside src/app/core nothing writes the reader's state (one door);
  no source file is over 400 lines
  unless its first comment says why ("Long because ...").

usage: architecture_test.py PROJECT_ROOT
"""
import os
import re
import sys

root = os.path.abspath(sys.argv[1])
src = os.path.join(root, "src")
search = [os.path.join(src, "engine"), os.path.join(src, "app"), src, os.path.join(src, "cli")]
failures, checks = [], 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)


def layer(path):
    rel = os.path.relpath(path, src)
    return rel.split(os.sep)[0]  # engine, host, cli, app


def includes(path):
    for line in open(path, encoding="utf-8"):
        m = re.match(r'\s*#\s*include\s*([<"])([^>"]+)[>"]', line)
        if m:
            yield m.group(1), m.group(2)


def resolve(path, name):
    for base in [os.path.dirname(path)] + search:
        candidate = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(candidate):
            return candidate
    return None


allowed = {"engine": {"engine"}, "host": {"engine", "host"}, "cli": {"engine", "host", "cli"},
           "app": {"engine", "app"}}
forbidden_system = {"engine": ("imgui", "emscripten", "GLFW", "GL/", "fstream", "filesystem", "sys/")}
app_core = os.path.join(src, "app", "core") + os.sep
# Inside the engine every folder sits above what it uses (../shared/ARCHITECTURE.md): what each may include.
engine = os.path.join(src, "engine") + os.sep
engine_uses = {
    "text": {"text"},
    "compute": {"compute"},
    "io": {"io", "compute"},
    "model": {"model", "compute"},
    "families": {"families", "model", "compute", "text"},
    "loading": {"loading", "families", "model", "io", "compute", "text"},
    "run": {"run", "model", "compute"},
    "analysis": {"analysis", "run", "model", "compute"},
}


# The app's folders from the bottom up: each includes only itself and those before it. core (state, session,
# actions, the host interface: plain C++, tested natively) · ui (widgets, fonts) · panels (the views) · lesson
# (its steps) · shell (the frame that lays them out) · platform (the web and desktop entries).
APP_ORDER = ["core", "ui", "panels", "lesson", "shell", "platform"]
app_root = os.path.join(src, "app") + os.sep


def app_folder(path):
    if not path.startswith(app_root):
        return ""
    rel = os.path.relpath(path, app_root).split(os.sep)
    return rel[0] if len(rel) > 1 and rel[0] in APP_ORDER else ""


def engine_folder(path):
    rel = os.path.relpath(path, engine).split(os.sep)
    return rel[0] if len(rel) > 1 else ""  # "" = the engine's root (expected.h)
graph = {}
files = [os.path.join(d, f) for d, _, fs in os.walk(src) for f in fs if f.endswith((".h", ".cpp"))]
for path in files:
    lay = layer(path)
    deps = []
    for kind, name in includes(path):
        if kind == "<":
            if path.startswith(app_core):  # the app's core is tested natively without a GL context
                check(not name.startswith(("imgui", "GLFW", "emscripten")), f"{os.path.relpath(path, root)} includes <{name}>")
            for bad in forbidden_system.get(lay, ()):
                check(not name.startswith(bad), f"{os.path.relpath(path, root)} includes <{name}> (the engine stays free of it)")
            continue
        target = resolve(path, name)
        check(target is not None, f"{os.path.relpath(path, root)}: cannot find \"{name}\"")
        if target is None:
            continue
        if path.startswith(engine) and target.startswith(engine) and engine_folder(path):
            here, there = engine_folder(path), engine_folder(target)
            check(there == "" or there in engine_uses.get(here, set()),
                  f"{os.path.relpath(path, root)} includes {os.path.relpath(target, root)}: engine/{here} sits above engine/{there}")
            # A family is one folder: families include the shared families/*.h, never another family.
            rel_p, rel_t = os.path.relpath(path, engine).split(os.sep), os.path.relpath(target, engine).split(os.sep)
            if here == there == "families" and len(rel_p) > 2 and len(rel_t) > 2:
                check(rel_p[1] == rel_t[1], f"{os.path.relpath(path, root)} includes another family's {os.path.relpath(target, root)}")
        if path.startswith(app_core):
            check(target.startswith(app_core) or layer(target) == "engine",
                  f"{os.path.relpath(path, root)} includes {os.path.relpath(target, root)}: the core knows no UI")
        here_app, there_app = app_folder(path), app_folder(target)
        if here_app and there_app:
            check(APP_ORDER.index(there_app) <= APP_ORDER.index(here_app),
                  f"{os.path.relpath(path, root)} includes {os.path.relpath(target, root)}: app/{here_app} sits below app/{there_app} "
                  f"(the app's folders from the bottom up: {' ← '.join(APP_ORDER)})")
        ok = layer(target) in allowed[lay] or (layer(target) == "host" and os.sep + "platform" + os.sep in path)
        check(ok, f"{os.path.relpath(path, root)} ({lay}) includes {os.path.relpath(target, root)} "
                                              f"({layer(target)}): layers point one way, engine ← host ← {{cli, app}}")
        deps.append(target)
    graph[path] = deps

# No include cycle among headers.
state = {}


def visit(node, stack):
    state[node] = "open"
    for dep in graph.get(node, []):
        if state.get(dep) == "open":
            cycle = stack[stack.index(dep):] + [dep]
            failures.append("include cycle: " + " -> ".join(os.path.relpath(p, root) for p in cycle))
        elif dep not in state:
            visit(dep, stack + [dep])
    state[node] = "done"


for path in sorted(p for p in files if p.endswith(".h")):
    if path not in state:
        visit(path, [path])
checks += 1

for path in files:
    lines = open(path, encoding="utf-8").read().split("\n")
    if len(lines) > 400:
        head = "\n".join(lines[:5])
        check("Long because" in head, f"{os.path.relpath(path, root)} has {len(lines)} lines and no reason in its first comment")

# One door: outside src/app/core (the actions, the session) nothing writes the reader's state, nor hands a
# widget a pointer into it; panels, lesson steps, the shell, widgets and the platform call the actions.
# Caught: an assignment (also through a subscript), a mutating call on a field, a pointer into the state, a
# non-const AppState reference, and core's set_layer_head on a state (the actions call it).
state_write = re.compile(r"\b(?:state|st)\.\w+(?:\[[^\]]*\])?\s*(?:=(?!=)|\+\+|--|[-+*/|&^]=)"
                         r"|\b(?:state|st)\.\w+\.(?:push_back|emplace_back|emplace|insert|erase|clear|assign|resize|pop_back|swap)\("
                         r"|&[\w.]*\b(?:state|st)\.\w+|(?<!const )\bAppState\s*&|(?<![\w])set_layer_head\(")
for path in files:
    rel = os.path.relpath(path, src)
    if not rel.startswith("app" + os.sep) or rel.startswith(os.path.join("app", "core") + os.sep):
        continue
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        check(not state_write.search(line.split("//")[0]),
              f"{os.path.relpath(path, root)}:{number} writes the reader's state past the actions: {line.strip()[:80]}")

print(f"{checks - len(failures)} passed, {len(failures)} failed")
for f in failures:
    print("FAILED:", f)
sys.exit(1 if failures else 0)
