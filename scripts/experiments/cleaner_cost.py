import json, sys, time
from pathlib import Path
from corpus_cli.clean import model as cm
from corpus_cli.clean.text import clean_text
d = Path("/work/shared/bench/dragnet/txt_w3m")
dumps = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(d.iterdir())[:40]]
one = cm.LineModel(json.load(open("/tmp/tc/stage1.json")))
two = cm.default_model()
def run(m):
    t = time.process_time()
    for x in dumps: clean_text(x, model=m)
    return (time.process_time() - t) / len(dumps) * 1000
best = {"one": [], "two": []}
for _ in range(3):
    for k, m in (("one", one), ("two", two)):
        best[k].append(run(m))
print({k: round(min(v), 2) for k, v in best.items()}, "ms a dump (CPU, best of three, in turns)")
