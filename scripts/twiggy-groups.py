#!/usr/bin/env python3
"""Groups `twiggy top -n 1000000 -f csv` rows (shallow bytes) by where the code comes from.
Usage: twiggy top -n 1000000 -f csv X.wasm | scripts/twiggy-groups.py [--detail]
The groups are a heuristic on the function names: an `<A as B>::f` goes to A's crate, unless A is
from core/alloc/std, then to B's. Serde's derived code (`impl Deserialize for T`, its visitors)
and serde_json's deserializer instantiated per type are their own groups. Closures that a screen
passes to a Leptos generic are named after the generic (`ToChildren`, `Render for F`), so part of
the screens' view code is counted under leptos/tachys."""
import csv, re, sys
from collections import Counter

STD = {"core", "alloc", "std"}
rows = list(csv.reader(sys.stdin))[1:]
groups = Counter()
serde_types = Counter()
screens = Counter()
total = 0

def crate_of(path):
    m = re.match(r"\s*&?(?:mut\s+)?(?:dyn\s+)?([A-Za-z_][A-Za-z0-9_]*)::", path)
    return m.group(1) if m else None

for name, size, *_ in rows:
    size = int(size)
    if name.startswith('"') and "subsection" in name or name.endswith("names\" subsection"):
        continue
    if "subsection" in name:
        continue
    total += size
    if name.startswith("data segment"):
        g = "data segments (texts, tables)"
    elif re.search(r"serde_json::", name) and re.search(r"Deserializer|Serializer|de::|ser::", name):
        g = "serde_json (instantiated per type)"
    elif re.search(r"impl serde_core::(de::Deserialize|ser::Serialize)|__FieldVisitor|__Visitor|__Field|serde_core::de::Visitor for|serde_core::de::DeserializeSeed", name):
        g = "serde derives (per type)"
        m = re.search(r"(?:Deserialize|Serialize) for ([A-Za-z0-9_:<>]+)", name) or re.search(r"for ([A-Za-z0-9_:]+)::_::__", name)
        if m:
            serde_types[m.group(1)] += size
    elif re.match(r"[a-z]+\[\d+\]$", name) or name in ("elem[0]",) or name.startswith(("type[", "import ", "export ", "table[", "global[", "memory[")):
        g = "wasm structure (types, imports, table)"
    else:
        if name.startswith("<"):
            inner = name[1:]
            a = crate_of(inner)
            parts = inner.split(" as ", 1)
            b = crate_of(parts[1]) if len(parts) > 1 else None
            c = a if a and a not in STD else (b or a)
        else:
            c = crate_of(name)
        c = c or "other (unnamed)"
        if c == "kontaktperson":
            m = re.match(r"<?kontaktperson::([a-z_]+)(?:::([a-z_]+))?", name)
            mod = m.group(1) + ("::" + m.group(2) if m.group(2) and m.group(1) in ("caseworker", "contact", "pages", "components", "api") else "")
            screens[mod] += size
            g = "kontaktperson (the SPA's own code)"
        elif c in ("kp_domain",):
            g = "kp_domain (not serde)"
        else:
            g = c
    groups[g] += size

def kb(n):
    return f"{n / 1024:.1f}"

print(f"total (names excluded): {total} bytes ({kb(total)} KB)")
for g, n in groups.most_common(40):
    print(f"| {g} | {n} | {kb(n)} | {100 * n / total:.1f} % |")
if "--detail" in sys.argv:
    print("\nserde derives by type (top 25):")
    for t, n in serde_types.most_common(25):
        print(f"  {kb(n):>6} KB  {t}")
    print("\nthe SPA's own code by module (top 30):")
    for t, n in screens.most_common(30):
        print(f"  {kb(n):>6} KB  {t}")
