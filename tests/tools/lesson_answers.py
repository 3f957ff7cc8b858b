#!/usr/bin/env python3
"""An independent judge of a lesson's answers (docs/lesson-format.md).

Reads a lesson JSON file, runs each scenario it uses with `tlslab run --scenario FILE --json OUT`
(the scenario file, with the steps' "set" merge patches applied), and computes every question's
right answer from the trace JSON alone (docs/trace-format.md), without the C++ Player.

    lesson_answers.py TLSLAB LESSON.json [--json]

prints, one line per question in order, what a student would type: an option's number when the
question has options, else the value. With --json: a list of {"step", "kind", "value", "input"}.
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIOS = os.path.join(ROOT, "assets", "scenarios")


def merge_patch(target, patch):  # RFC 7396
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge_patch(out.get(k), v)
    return out


def scenario_of(value, lesson_dir):
    if isinstance(value, dict):
        return copy.deepcopy(value)
    for path in (os.path.join(SCENARIOS, value + ".json"), os.path.join(lesson_dir, value)):
        if os.path.isfile(path):
            with open(path) as f:
                return json.load(f)
    raise SystemExit("no scenario " + value)


class Runs:
    def __init__(self, tlslab, tmp):
        self.tlslab, self.tmp, self.cache = tlslab, tmp, {}

    def trace(self, scenario):
        key = json.dumps(scenario, sort_keys=True)
        if key not in self.cache:
            n = len(self.cache)
            sc, out = os.path.join(self.tmp, "s%d.json" % n), os.path.join(self.tmp, "t%d.json" % n)
            with open(sc, "w") as f:
                json.dump(scenario, f)
            subprocess.run([self.tlslab, "run", "--scenario", sc, "--json", out], stdout=subprocess.DEVNULL)
            with open(out) as f:
                self.cache[key] = json.load(f)
        return self.cache[key]


def norm(s):
    return "".join(c for c in str(s).lower() if c not in " _:") .replace("0x", "")


# A record's messages: its handshake messages by name, else its record type's name.
RECORD_TYPES = {"change_cipher_spec": "ChangeCipherSpec", "alert": "Alert",
                "application_data": "ApplicationData", "heartbeat": "Heartbeat"}


def messages(e):
    if e.get("http"):
        return ["HTTP"]
    if e.get("layer") == "handshake":
        # The handshake messages in the field tree: the nodes with a msg_type (an attacker's
        # record is named by what it did, "altered ClientHello").
        found = []
        def walk(n):
            if any(c["name"] == "msg_type" for c in n.get("children", [])):
                found.append(n["name"])
                return
            for c in n.get("children", []):
                walk(c)
        walk(e["tree"])
        return found or [m.strip() for m in e["name"].split(",")]
    return [RECORD_TYPES.get(e.get("layer"), e["name"])]


def last_step(t):
    return max(max(e["step"], e.get("delivered_step") or 0) for e in t["events"])


def find(t, at):
    """A target ("at") as (position, event index or None)."""
    if at.get("start"):
        return 0, None
    if at.get("end"):
        return last_step(t), None
    if "step" in at:
        return at["step"], None
    if "event" in at:
        idx = at["event"]
    else:
        want = at.get("occurrence", 1)
        idx = None
        for i, e in enumerate(t["events"]):
            if "from" in at and e["from"] != at["from"]:
                continue
            if at.get("connection") and e.get("connection", 1) != at["connection"]:
                continue
            if at.get("alert") and "alert" not in e:
                continue
            if "message" in at and norm(at["message"]) not in [norm(m) for m in messages(e)]:
                continue
            want -= 1
            if want == 0:
                idx = i
                break
        if idx is None:
            raise SystemExit("no event for %r" % at)
    e = t["events"][idx]
    read = at.get("show", "sent") == "read"
    return (e["delivered_step"] if read and e.get("delivered_step") is not None else e["step"]), idx


def field_node(e, path):
    want = path.split("/")
    def walk(n, names):
        names = names + [n["_name"]]
        if names[-len(want):] == want:
            return n
        seen = {}
        for c in n.get("children", []):
            k = seen.get(c["name"], 0)
            seen[c["name"]] = k + 1
            c["_name"] = c["name"] + ("[%d]" % k if k else "")
            r = walk(c, names)
            if r:
                return r
        return None
    e["tree"]["_name"] = e["tree"]["name"]
    return walk(e["tree"], [])


def sliced(hexs, q):
    b = bytes.fromhex(hexs)[q.get("offset", 0):]
    if q.get("length"):
        b = b[:q["length"]]
    return b.hex()


def derivation(t, did):
    for e in t["events"]:
        for d in e.get("derivations", []) + e.get("receiver_derivations", []):
            if d["id"] == did:
                return d
    raise SystemExit("no derivation " + did)


def item_hex(d, item):
    if item in (None, "", "output"):
        return d["output"]
    for n in d.get("inputs", []) + d.get("steps", []):
        if n["name"] == item:
            return n["text"] if "text" in n else n["hex"]
    for p in d.get("parts", []):
        if p["name"] == item:
            return d["output"][2 * p["offset"]:2 * (p["offset"] + p["length"])]
    raise SystemExit("no item %s in %s" % (item, d["id"]))


def compute(q, t, pos, ev, shown_ev):
    """pos: the position when the question is asked; shown_ev: the step's event once revealed."""
    kind = q.get("kind", "choice")
    if kind in ("next_message", "next_alert"):
        # The first record sent after the position shown (a record's "step" is when it was sent;
        # step 0 is the client's first flight), from `from` when given.
        for e in t["events"]:
            if e["step"] <= pos or ("from" in q and e["from"] != q["from"]):
                continue
            if kind == "next_message":
                return messages(e)[0]
            if "alert" in e:
                return e["alert"]["description"]
        raise SystemExit("nothing comes next")
    a = q.get("answer", {})
    if "field" in a:
        e = t["events"][find(t, a["at"])[1] if "at" in a else shown_ev]
        n = field_node(e, a["field"])
        if a.get("value"):
            return n["value"]
        buf = e["bytes"] if n["space"] == "wire" else e.get(n["space"], "")
        start, end = n["offset"], n["offset"] + n["length"]
        kids = n.get("children", [])
        # A length-prefixed vector's value is its body (docs/trace-format.md, field sources).
        if kids and kids[0]["name"] == "length":
            start = kids[0]["offset"] + kids[0]["length"]
        return sliced(buf[2 * start:2 * end], a)
    if "derivation" in a:
        return sliced(item_hex(derivation(t, a["derivation"]), a.get("item")), a)
    if "negotiated" in a:
        v = t["negotiated"].get(a["negotiated"])
        if v is None or v == "":
            raise SystemExit("not negotiated: " + a["negotiated"])
        return ("yes" if v else "no") if isinstance(v, bool) else str(v)
    if a.get("outcome"):
        return t["outcome_kind"]
    if a.get("attack"):
        return "succeeded" if t["attack"]["succeeded"] else "failed"
    raise SystemExit("no answer form in %r" % q)


def option_value(o):
    if isinstance(o, str):
        return o
    if "value" in o:
        return o["value"]
    return o["text"]["en"] if isinstance(o.get("text"), dict) else o.get("text", o.get("en"))


def answers(tlslab, path):
    with open(path) as f:
        lesson = json.load(f)
    lesson_dir = os.path.dirname(os.path.abspath(path))
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        runs = Runs(tlslab, tmp)
        scenario = scenario_of(lesson["scenario"], lesson_dir)
        at = {"start": True}
        n = 0
        for part in lesson["parts"]:
            for step in part["steps"]:
                n += 1
                before = at
                run = step.get("run", {})
                if "scenario" in run:
                    scenario = scenario_of(run["scenario"], lesson_dir)
                if "set" in run:
                    scenario = merge_patch(scenario, run["set"])
                at = step.get("at", at)
                t = runs.trace(scenario)
                q = step.get("question")
                if not q:
                    continue
                # A prediction is asked on the state the previous step showed; a field it asks
                # about is read in the event the step then reveals.
                pos, ev = find(t, before if step.get("predict") else at)
                shown_ev = find(t, at)[1]
                if q.get("kind", "choice") == "choice" and "correct" in q:
                    value, typed = q["options"][q["correct"] - 1], str(q["correct"])
                    value = option_value(value)
                else:
                    value = compute(q, t, pos, ev, shown_ev)
                    typed = value
                    for i, o in enumerate(q.get("options", [])):
                        if norm(option_value(o)) == norm(value):
                            typed = str(i + 1)
                out.append({"step": step.get("id", str(n)), "kind": q.get("kind", "choice"), "value": value, "input": typed})
    return out


if __name__ == "__main__":
    result = answers(sys.argv[1], sys.argv[2])
    if "--json" in sys.argv[3:]:
        print(json.dumps(result, indent=1))
    else:
        for r in result:
            print(r["input"])
