#!/usr/bin/env python3
"""Module graph of the workspace's Rust crates: which modules use which, the import cycles
(strongly connected components with more than one module), the crate order and the files
over 500 lines: `scripts/arch/modgraph.py [--verbose] [--check]`. With --check (CI) it fails when
any module cycle or feature-folder cycle exists: crates cannot import each other in a circle;
inside a crate a feature's routes may use its service, never the reverse; and the top-level
folders (features and the shared layers below them: state, http, audit, identity, authz) form
a strict order, so no feature reaches back into one that builds on it.

A module is a file's path under a crate's src/ (mod.rs names its folder); an edge is any
`crate::a::b` path, which resolves to the longest module prefix that exists.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LONG_FILE = 500


def crates():
    """(crate name, src dir) for every workspace member."""
    found = []
    for toml in sorted(ROOT.glob("*/Cargo.toml")) + sorted(ROOT.glob("crates/*/Cargo.toml")):
        text = toml.read_text()
        name = re.search(r'^name\s*=\s*"([^"]+)"', text, re.M)
        if name and (toml.parent / "src").is_dir():
            found.append((name.group(1), toml.parent / "src"))
    return found


def module_name(src, path):
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return "::".join(parts) or "crate"


def strip_comments(text):
    """Comments and the trailing unit-test module (tests may reach any layer, as an
    integration test would) do not count as uses."""
    text = re.split(r"#\[cfg\(test\)\]\s*mod\s", text)[0]
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def use_paths(text):
    """Every `crate::...` path, with `use crate::{a, b::{c}}` groups expanded."""
    paths = []
    for match in re.finditer(r"\bcrate::((?:\w+::)*)(\{|\w+)", text):
        prefix, head = match.group(1), match.group(2)
        if head != "{":
            paths.append(prefix + head)
            continue
        depth, i, start = 1, match.end(), match.end()
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        for inner in re.findall(r"(\w+(?:::\w+)*)", text[start:i - 1]):
            paths.append(prefix + inner)
    return paths


def graph(src):
    files = {module_name(src, p): p for p in src.rglob("*.rs")}
    edges = {m: set() for m in files}
    for module, path in files.items():
        for use in use_paths(strip_comments(path.read_text())):
            parts = use.split("::")
            for n in range(len(parts), 0, -1):
                target = "::".join(parts[:n])
                if target in files:
                    if target != module:
                        edges[module].add(target)
                    break
    return files, edges


def cycles(edges):
    """Tarjan's strongly connected components with more than one module."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in edges:
        if v not in index:
            visit(v)
    return out


def main():
    verbose = "--verbose" in sys.argv
    total_cycles = total_feature_cycles = total_long = 0
    for name, src in crates():
        files, edges = graph(src)
        # Feature-level graph: the first path segment (authz, identity, http, ...).
        top = {}
        for module, targets in edges.items():
            head = module.split("::")[0]
            top.setdefault(head, set()).update(t.split("::")[0] for t in targets if t.split("::")[0] != head)
        for t in list(top.values()):
            for target in t:
                top.setdefault(target, set())
        module_cycles = cycles(edges)
        feature_cycles = cycles(top)
        long_files = sorted(
            ((sum(1 for _ in p.open()), p.relative_to(ROOT)) for p in files.values()), reverse=True)
        long_files = [(n, p) for n, p in long_files if n > LONG_FILE]
        total_cycles += len(module_cycles)
        total_feature_cycles += len(feature_cycles)
        total_long += len(long_files)
        largest = max((len(c) for c in module_cycles), default=0)
        print(f"{name}: {len(files)} modules, {sum(map(len, edges.values()))} edges, "
              f"{len(module_cycles)} module cycles (largest {largest} modules), "
              f"{len(feature_cycles)} feature-folder cycles "
              f"(largest {max((len(c) for c in feature_cycles), default=0)} folders), "
              f"{len(long_files)} files over {LONG_FILE} lines")
        if verbose:
            for c in module_cycles:
                print(f"  module cycle ({len(c)}): {' '.join(c)}")
            for c in feature_cycles:
                print(f"  feature cycle ({len(c)}): {' '.join(c)}")
            for n, p in long_files:
                print(f"  {n:5} {p}")
    print(f"total: {total_cycles} module cycles, {total_feature_cycles} feature-folder cycles, "
          f"{total_long} files over {LONG_FILE} lines")
    if "--check" in sys.argv and (total_cycles or total_feature_cycles):
        print("module and feature-folder cycles are not allowed (run with --verbose to see them)",
              file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
