#!/usr/bin/env python3
"""Checks that every #include in sim/ points down the layer stack.

The layers and their folders come from sim/CMakeLists.txt (set(SIM_LAYERS ...) and
set(SIM_LAYER_<name> ...)), lowest first. The build already refuses an include of a higher
layer (each layer's include root holds only its own folders); this script also checks the
order of the folders inside a layer, which one library cannot enforce: a file in folder F may
include a folder of a lower layer, or of its own layer listed before F (or F itself).
Exit status 0 when every include is allowed, 1 otherwise (each violation printed).

Usage: check_layers.py SOURCE_DIR
"""
import pathlib
import re
import sys

# Known loops inside a layer, each with why it is still there.
EXCEPTIONS = {
    # ScenarioOptions lives in net/simulation.hpp until the option table (issue 11 item 4)
    # moves it to scenario/.
    ("scenario", "net"),
}


def read_layers(cmake_text):
    sets = dict(re.findall(r"set\((SIM_LAYER\w*)\s+([^)]*)\)", cmake_text))
    layers = sets["SIM_LAYERS"].split()
    rank = {}
    for li, layer in enumerate(layers):
        for fi, folder in enumerate(sets["SIM_LAYER_" + layer].split()):
            rank[folder] = (li, fi, layer)
    return rank


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    rank = read_layers((root / "sim" / "CMakeLists.txt").read_text())
    errors = []
    for d in sorted(p for p in (root / "sim").iterdir() if p.is_dir()):
        if d.name not in rank:
            errors.append(f"sim/{d.name}/ is in no layer (add it to sim/CMakeLists.txt)")
    for path in sorted((root / "sim").rglob("*.[ch]pp")):
        folder = path.relative_to(root / "sim").parts[0]
        if folder not in rank:
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            m = re.match(r'\s*#\s*include\s+"([^/"]+)/', line)
            if not m:
                continue
            target = m.group(1)
            where = f"{path.relative_to(root)}:{n}"
            if target not in rank:
                errors.append(f"{where}: includes {target}/, which is in no layer")
                continue
            (fl, fi, flayer), (tl, ti, tlayer) = rank[folder], rank[target]
            if tl < fl or (tl == fl and ti <= fi):
                continue
            if (folder, target) in EXCEPTIONS:
                continue
            what = f"layer {tlayer} is above layer {flayer}" if tl > fl else f"{target}/ comes after {folder}/ in layer {flayer}"
            errors.append(f"{where}: {folder}/ includes {target}/ ({what})")
    for e in errors:
        print(e)
    print(f"{len(errors)} include(s) against the layer order" if errors else "layer order respected")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
