#!/usr/bin/env python3
"""Generate the synthetic PR/FAQ corpus used by bench/run.sh.

Outputs (all under bench/out/, gitignored):
  set1000/doc-0001.md .. doc-1000.md   1,000 varied PR/FAQs, 300-900 words each
  one.md                               one document of about 400 words
  big.md                               one ~10 MB document (many sections concatenated)
  big-1mb.md                           the first ~1 MB of big.md (whole sections), for the
                                       near-linear check and for peers too slow on 10 MB

Deterministic: the same seed gives byte-identical files on every machine (only the
standard library's random.Random is used, seeded per document). The vocabulary is
written for this script; no text is taken from the real corpus.

Usage: python3 bench/gen_corpus.py [--out DIR] [--count N] [--seed S] [--big-mb MB]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys

# --------------------------------------------------------------------------- vocabulary

NAME_FIRST = [
    "Quick", "Shared", "Smart", "Open", "Clear", "Steady", "Bright", "Simple", "Daily",
    "Local", "Instant", "Calm", "True", "Pocket", "Family", "Field", "Harbor", "Maple",
    "North", "Silver", "Cedar", "Relay", "Pilot", "Anchor", "Tidy", "Kind",
]
NAME_SECOND = [
    "Reorder", "Ledger", "Roster", "Pantry", "Dispatch", "Checkout", "Inbox", "Planner",
    "Tracker", "Receipts", "Handoff", "Notes", "Rounds", "Shifts", "Claims", "Returns",
    "Lanes", "Desk", "Locker", "Journal", "Compass", "Signals", "Bridge", "Garden",
]
COMPANIES = [
    "Northwind Labs", "Bluefin Software", "Larkspur Health", "Copperleaf Foods",
    "Ridgeway Logistics", "Saltmarsh Bank", "Orchard Learning", "Fernhill Retail",
    "Tidewater Energy", "Kestrel Mobility", "Juniper Insurance", "Granite Cloud",
]
CITIES = [
    "SEATTLE", "AUSTIN", "DENVER", "BOSTON", "CHICAGO", "PORTLAND", "ATLANTA",
    "TORONTO", "LONDON", "DUBLIN", "BERLIN", "SYDNEY", "NASHVILLE", "PHOENIX",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DASHES = [" — ", " -- ", " - ", " – "]

# (customer plural, customer singular, setting, core task, pain, object)
PERSONAS = [
    ("parents who buy the same groceries every week", "parent", "at home",
     "reorder the weekly shop", "rebuild the same basket item by item", "basket"),
    ("night-shift nurses", "nurse", "on a hospital ward",
     "swap shifts with colleagues", "chase swaps through group chats and paper sign-up sheets", "shift"),
    ("owners of small restaurants", "restaurant owner", "in a busy kitchen",
     "order produce from local farms", "phone five suppliers before the lunch rush", "order"),
    ("freelance designers", "designer", "between client calls",
     "send invoices and track payments", "copy figures from spreadsheets into invoice templates", "invoice"),
    ("warehouse team leads", "team lead", "on the loading dock",
     "plan the next day's picking routes", "print lists and mark them up by hand", "route"),
    ("teachers of large classes", "teacher", "after the last bell",
     "return marked homework with comments", "type the same comment thirty times", "assignment"),
    ("landlords with a few flats", "landlord", "on weekends",
     "log repair requests from tenants", "dig through texts, voicemails and emails", "repair request"),
    ("amateur football coaches", "coach", "on the sideline",
     "pick teams and tell players where to be", "send a dozen messages before every match", "line-up"),
    ("people caring for an elderly relative", "carer", "across two households",
     "keep track of medicines and appointments", "juggle paper notes, calendar apps and pharmacy calls", "dose"),
    ("small online sellers", "seller", "from a spare room",
     "process returns and refunds", "match returned parcels to orders by hand", "return"),
    ("field engineers", "engineer", "at customer sites",
     "file inspection reports", "retype notes from a notebook after a long drive home", "report"),
    ("volunteer coordinators", "coordinator", "at a food bank",
     "fill volunteer rotas", "ring round a phone list every Friday", "rota"),
]

FIRST_NAMES = ["Dana", "Priya", "Marcus", "Elena", "Tomás", "Aiko", "Grace", "Samuel",
               "Fatima", "Liam", "Noor", "Olivia", "Kwame", "Ingrid", "Rafael", "Mei",
               "Jonah", "Leila", "Arjun", "Hannah", "Diego", "Sofia", "Ben", "Yusuf"]
LAST_NAMES = ["Lee", "Okafor", "Novak", "Patel", "García", "Tanaka", "Murphy", "Schmidt",
              "Haddad", "Brennan", "Costa", "Nguyen", "Kowalski", "Adeyemi", "Larsen",
              "Moreau", "Singh", "Walsh", "Rossi", "Fischer"]
LEADER_ROLES = ["general manager", "vice president of product", "chief executive officer",
                "head of customer experience", "director of operations", "founder"]

BENEFITS = [
    "in under a minute", "with one tap", "without a single phone call",
    "before the morning rush", "from any phone", "without retyping anything",
    "in half the time", "while offline", "with a full history of every change",
]
FEATURES = [
    "remembers what you chose last time and suggests it first",
    "shows every open {obj} on one screen, sorted by what is due next",
    "sends a reminder the day before anything is due",
    "lets two people edit the same {obj} without overwriting each other",
    "reads a photo of a paper form and fills in the fields",
    "keeps a record of who changed what and when",
    "works without signal and syncs when you are back online",
    "flags a {obj} that looks unusual before you confirm it",
    "exports everything to a spreadsheet in one step",
    "groups related items so you can approve them together",
]
STATS = [
    "{n}% of {cust} we surveyed said this takes more than an hour a week",
    "in {k} support tickets last quarter, {cust} named this as their top frustration",
    "a typical {one} spends {m} minutes on it every day",
    "{n} in 10 {cust} told us they had missed a {obj} at least once this year",
    "our study of {k} households found the task repeats {r} times a month",
    "it costs a typical {one} about ${d} a month in lost time",
]
VAGUE_PROBLEMS = [
    "It is frustrating and slow, and it happens often.",
    "Many people find this annoying.",
    "Things get missed every week.",
]
JARGON = ["leverage", "synergy", "best-in-class", "seamless", "world-class", "cutting-edge",
          "game-changing", "robust", "holistic", "paradigm shift"]
TECH = ["API", "microservice", "latency", "database", "Kubernetes", "webhook", "schema", "cache"]
WEASEL = ["very", "significantly", "various", "arguably", "quite", "extremely", "somewhat"]
PASSIVES = [
    "Mistakes are made when lists are copied by hand.",
    "Reminders were sent late and were often ignored.",
    "The old forms are kept in a drawer and are rarely updated.",
    "Decisions were taken without the right information.",
]
PLACEHOLDERS = ["TBD", "TODO: add figure", "[Customer name]", "XX%", "[Company]"]

CUSTOMER_QS = [
    ("How much does it cost?",
     "{prod} is free for up to {k} {obj}s a month. After that it costs ${d} a month, and you can cancel at any time."),
    ("How do I get started?",
     "Download the app, sign in with your email address and tap Start. Your first {obj} takes about two minutes."),
    ("How does it work?",
     "{prod} {feat}. You review the suggestion, change what you need and confirm."),
    ("Does it work on my phone?",
     "Yes. It runs on any phone from the last five years and in a web browser on a laptop."),
    ("Can I share it with my team?",
     "Yes. Invite people by email; each person sees only the {obj}s you share with them."),
    ("What happens to my data?",
     "Your data stays in your account. You can export it or delete it at any time from Settings."),
    ("What if I make a mistake?",
     "Every change can be undone for {r} days, and the history shows who changed what."),
    ("Is there a limit on how many {obj}s I can create?",
     "No. The free plan covers most {cust}; larger teams move to the paid plan."),
    ("Do I need training?",
     "No. Most {cust} in our pilot finished their first {obj} without reading any help."),
]
INTERNAL_QS = [
    ("What are the biggest risks?",
     "The main risk is that {cust} keep their old habit. We will measure weekly use and stop if fewer than {n}% return after a month."),
    ("How hard is this to build?",
     "The hard part is matching free-text notes to the right {obj}. A prototype did this correctly {n} times in 100; we need 95."),
    ("What do we depend on?",
     "We depend on the payments team for billing and on two partners for data feeds. Both have agreed dates."),
    ("How many people does it need?",
     "A team of {t} engineers, one designer and one product manager for {r} weeks, then two engineers to run it."),
    ("How will we know it worked?",
     "Success is {n}% of active {cust} using it weekly within six months, and support tickets on this task down by half."),
    ("Why will customers choose this over what they use today?",
     "Today's options are spreadsheets and group chats. {prod} is the only one that {feat}."),
    ("Can we undo the launch if it goes wrong?",
     "Yes. The feature sits behind a switch; turning it off returns everyone to the old flow with no data lost."),
    ("What does it cost us to run?",
     "About ${d} a month per thousand active {cust}, most of it storage and text messages."),
    ("What are we not doing?",
     "We are not building a desktop app or integrations with accounting software in the first release."),
]
METRICS = [
    ("Weekly active {cust}", "0", "{k}"),
    ("Median time to finish a {obj}", "{m} min", "2 min"),
    ("Support tickets about {obj}s per month", "{k}", "{k2}"),
    ("Share of {obj}s completed on time", "{n}%", "95%"),
    ("Customer satisfaction (1-5)", "3.1", "4.5"),
    ("Repeat use after 30 days", "n/a", "{n}%"),
]
JOURNEY = [
    "Hears about {prod} from a colleague or a store page.",
    "Signs up with an email address in under a minute.",
    "Imports existing {obj}s from a photo or a spreadsheet.",
    "Creates the first {obj} from a suggested template.",
    "Invites one other person to share the work.",
    "Gets the first reminder and acts on it from the notification.",
]
AHA = "Sees the week's {obj}s done without a single phone call."
CTA = [
    "Download {prod} today from the App Store or Google Play, or visit {url} to start.",
    "To get started, open the {comp} app and tap {prod} on the home screen.",
    "{prod} is available today at {url}; the first month is free.",
    "Sign up at {url} and create your first {obj} in two minutes.",
    "Learn more and get started at {url}.",
]

# --------------------------------------------------------------------------- helpers


def words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’%$.-]*", text))


class Doc:
    """Everything one document needs, drawn from one seeded RNG."""

    def __init__(self, rng: random.Random, index: int):
        self.rng = rng
        r = rng
        self.index = index
        self.prod = f"{r.choice(NAME_FIRST)} {r.choice(NAME_SECOND)}"
        self.comp = r.choice(COMPANIES)
        self.city = r.choice(CITIES)
        self.year = r.randint(2026, 2029)
        self.date = f"{r.choice(MONTHS)} {r.randint(1, 28)}, {self.year}"
        (self.cust, self.one, self.setting, self.task, self.pain, self.obj) = r.choice(PERSONAS)
        self.leader = f"{r.choice(FIRST_NAMES)} {r.choice(LAST_NAMES)}"
        self.leader_role = r.choice(LEADER_ROLES)
        self.customer = f"{r.choice(FIRST_NAMES)} {r.choice(LAST_NAMES)}"
        slug = re.sub(r"[^a-z]+", "", self.prod.lower())
        self.url = f"https://{slug}.example.com"
        self.feats = r.sample(FEATURES, 4)
        # Drafting habits: each document gets a few realistic defects, or none.
        self.defects = set(r.sample(
            ["future", "jargon", "tech", "weasel", "passive", "placeholder", "vague",
             "longsent", "unattributed", "we"], r.choice([0, 0, 1, 2, 3])))

    def fill(self, s: str) -> str:
        r = self.rng
        return s.format(
            prod=self.prod, comp=self.comp, cust=self.cust, one=self.one, obj=self.obj,
            feat=r.choice(self.feats).format(obj=self.obj), url=self.url,
            n=r.randint(12, 88), k=r.randint(120, 9000), k2=r.randint(20, 110),
            m=r.randint(6, 55), r=r.randint(2, 30), d=r.randint(3, 40), t=r.randint(3, 9))

    # -- press release parts ------------------------------------------------
    def headline(self) -> str:
        r = self.rng
        forms = [
            f"{self.comp} launches {self.prod} so {self.cust} can {self.task} {r.choice(BENEFITS)}",
            f"{self.prod} helps {self.cust} {self.task} {r.choice(BENEFITS)}",
            f"Introducing {self.prod}: {self.task[0].upper() + self.task[1:]} {r.choice(BENEFITS)}",
        ]
        h = r.choice(forms)
        if "jargon" in self.defects and r.random() < 0.5:
            h = h.replace(self.prod, f"{self.prod}, the {r.choice(JARGON)} platform,", 1)
        return h

    def subheadline(self) -> str:
        return self.fill(
            f"{self.cust[0].upper() + self.cust[1:]} {self.setting} now see every {{obj}} in one place, "
            f"and {self.prod} {{feat}}.")

    def dateline(self) -> str:
        d = self.rng.choice(DASHES)
        verb = "will launch" if "future" in self.defects else "today launched"
        return (f"{self.city}{d}{self.date}{d}{self.comp} {verb} {self.prod}, a new way for "
                f"{self.cust} to {self.task}. " + self.fill("It {feat}."))

    def problem(self) -> list[str]:
        r = self.rng
        first = (f"Today, {self.cust} {self.setting} {self.pain}. "
                 f"Each {self.obj} means switching between apps, and a missed step means starting again.")
        if "vague" in self.defects:
            second = r.choice(VAGUE_PROBLEMS)
        else:
            second = self.fill(r.choice(STATS)) + "."
            second = second[0].upper() + second[1:]
        paras = [first + " " + second]
        extra = []
        if "passive" in self.defects:
            extra.append(r.choice(PASSIVES))
        if "we" in self.defects:
            extra.append(f"We lose money on every {self.obj} that goes wrong, and our support costs keep rising.")
        if "weasel" in self.defects:
            extra.append(f"The process is {r.choice(WEASEL)} slow and {r.choice(WEASEL)} error-prone.")
        if extra:
            paras.append(" ".join(extra))
        return paras

    def solution(self) -> list[str]:
        r = self.rng
        fut = "will" if "future" in self.defects else ""
        verb = f"{fut} let" if fut else "lets"
        f1, f2 = (f.format(obj=self.obj) for f in r.sample(self.feats, 2))
        s = f"{self.prod} {verb.strip()} {self.cust} {self.task} {r.choice(BENEFITS)}. It {f1}, and it {f2}."
        if "tech" in self.defects:
            s += (f" Under the hood, a {r.choice(TECH)} and a {r.choice(TECH)} keep "
                  f"{r.choice(TECH)} low.")
        if "jargon" in self.defects:
            s += f" It is a {r.choice(JARGON)} way to {r.choice(['leverage', 'unlock', 'drive'])} {r.choice(JARGON)} value."
        out = [s]
        if "longsent" in self.defects:
            out.append(
                f"Because every {self.obj} is checked against the last one you made and against the "
                f"notes your team left during the week, {self.prod} can point out the thing that is "
                f"missing before you confirm it, which means fewer corrections afterwards and fewer "
                f"calls from people asking what happened to their {self.obj}.")
        return out

    def leader_quote(self) -> str:
        r = self.rng
        q = r.choice([
            f"We built {self.prod} because {self.cust} told us the same story again and again",
            f"Every {self.one} we met had a drawer full of workarounds for this",
            f"{self.cust[0].upper() + self.cust[1:]} should spend their time on the work, not on the paperwork around it",
        ])
        q2 = self.fill("In our pilot, the time to finish a {obj} fell from {m} minutes to under five")
        return (f"\u201c{q}. {q2},\u201d said {self.leader}, {self.leader_role} at {self.comp}."
                if r.random() < 0.5 else
                f"\"{q},\" said {self.leader}, {self.leader_role} at {self.comp}. \"{q2}.\"")

    def how_it_works(self) -> list[str]:
        r = self.rng
        f1, f2 = (f.format(obj=self.obj) for f in r.sample(self.feats, 2))
        steps = [self.fill("Open {prod} and pick a {obj} from the list, or start a new one."),
                 f"{self.prod} {f1}.",
                 "Check the details, change anything that is wrong, and confirm.",
                 f"{self.prod} {f2}."]
        if r.random() < 0.5:
            return ["\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))]
        return [" ".join(steps[:2]), " ".join(steps[2:])]

    def customer_quote(self) -> str:
        r = self.rng
        body = self.fill(r.choice([
            "I used to {pain_} every week. Now it takes me ten minutes on a Sunday evening",
            "The first week I tried it, I got back {r} hours",
            "I did not have to read any instructions. It just asked me what I did last time",
        ]).replace("{pain_}", self.pain))
        if "unattributed" in self.defects:
            who = "said a customer"
        elif "placeholder" in self.defects and r.random() < 0.5:
            who = "said [Customer name], a " + self.one
        else:
            who = f"said {self.customer}, a {self.one} in {self.city.title()}"
        return f"\"{body},\" {who}."

    def cta(self) -> str:
        return self.fill(self.rng.choice(CTA))

    # -- other parts ---------------------------------------------------------
    def faq_entries(self) -> None:
        """Draw the FAQ once: its layout and every question, in order of use."""
        r = self.rng
        self.faq_style = r.choice(["h3", "bold", "qa", "numbered"])
        self.faq_heads = r.choice([
            ("# FAQ", "## Customer FAQ", "## Internal FAQ"),
            ("# Frequently Asked Questions", "## External FAQ", "## Internal FAQ"),
            ("# FAQ", "## Customer Questions", "## Internal FAQs"),
            ("# FAQs", "## External FAQ", "## Stakeholder FAQ"),
        ])
        self.faq_pools = []
        for pool in (CUSTOMER_QS, INTERNAL_QS):
            entries = []
            for q, a in r.sample(pool, len(pool)):
                a = self.fill(a)
                if "placeholder" in self.defects and r.random() < 0.15:
                    a = "TBD."
                entries.append((self.fill(q), a))
            self.faq_pools.append(entries)

    def faq(self, n_cust: int, n_int: int) -> list[str]:
        if not hasattr(self, "faq_pools"):
            self.faq_entries()
        style, heads = self.faq_style, self.faq_heads
        out = [heads[0], ""]
        for sub, pool, n in ((heads[1], self.faq_pools[0], n_cust), (heads[2], self.faq_pools[1], n_int)):
            if n == 0:
                continue
            out += [sub, ""]
            for i, (q, a) in enumerate(pool[:n], 1):
                if style == "h3":
                    out += [f"### {q}", "", a, ""]
                elif style == "bold":
                    out += [f"**{q}**", "", a, ""]
                elif style == "qa":
                    out += [f"Q: {q}", f"A: {a}", ""]
                else:
                    out += [f"### {i}. {q}", "", a, ""]
        return out

    def metrics(self) -> list[str]:
        r = self.rng
        out = ["# Metrics", "", "| Metric | Baseline | Target | By | Owner |",
               "| --- | --- | --- | --- | --- |"]
        for name, base, target in r.sample(METRICS, r.randint(2, 4)):
            by = r.choice([f"Q{r.randint(1, 4)} {self.year}", f"{r.choice(MONTHS)} {self.year}",
                           "6 months after launch", "TBD" if "placeholder" in self.defects else "launch + 90 days"])
            owner = f"{r.choice(FIRST_NAMES)} {r.choice(LAST_NAMES)}"
            out.append(f"| {self.fill(name)} | {self.fill(base)} | {self.fill(target)} | {by} | {owner} |")
        return out + [""]

    def journey(self) -> list[str]:
        r = self.rng
        picks = sorted(r.sample(range(len(JOURNEY)), r.randint(3, 5)))
        steps = [self.fill(JOURNEY[i]) for i in picks]
        steps.append(r.choice(["Aha: ", "(aha) "]) + self.fill(AHA))
        return ["# User journey", ""] + [f"{i}. {s}" for i, s in enumerate(steps, 1)] + [""]

    def scope(self) -> list[str]:
        feats = [f.format(obj=self.obj) for f in self.feats[:3]]
        return (["# Scope", "", "## In scope", ""]
                + [f"- {self.prod} {f}" for f in feats]
                + ["", "## Out of scope", "", "- A desktop app", "- Integrations with accounting software", ""])

    def front_matter(self) -> list[str]:
        r = self.rng
        return ["---", f"title: {self.prod}", f"customer: {self.cust}",
                f"launch: {self.year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
                f"owner: {self.leader}", f"status: {r.choice(['draft', 'in-review', 'approved'])}",
                "---", ""]

    # -- assembly ------------------------------------------------------------
    def press_release_parts(self) -> list[tuple[str, list[str]]]:
        """Draw the press release once: (label, paragraphs) in the classic order."""
        r = self.rng
        self.layout = r.choice(["headed", "headed", "bold", "plain"])
        names = {"Problem": ["Problem", "The Problem", "The problem today"],
                 "Solution": ["Solution", "Our solution", "The solution"],
                 "Leader quote": ["Leader quote", "Quote from the team"],
                 "How it works": ["How it works"],
                 "Customer quote": ["Customer quote", "Quote from a customer"],
                 "Getting started": ["Call to action", "Getting started"]}
        parts = [
            ("Problem", self.problem()),
            ("Solution", self.solution()),
            ("Leader quote", [self.leader_quote()]),
            ("How it works", self.how_it_works()),
            ("Customer quote", [self.customer_quote()]),
            ("Getting started", [self.cta()]),
        ]
        return [(n, r.choice(names[n]) if self.layout == "headed" else n, p) for n, p in parts]

    def press_release(self, parts, drop=()) -> list[str]:
        """The press release in one of three layouts real authors use."""
        out = []
        for key, name, paras in parts:
            if key in drop:
                continue
            if self.layout == "headed":
                out += [f"## {name}", ""]
                for p in paras:
                    out += [p, ""]
            elif self.layout == "bold":
                out += [f"**{name}.** {paras[0]}", ""]
                for p in paras[1:]:
                    out += [p, ""]
            else:
                for p in paras:
                    out += [p, ""]
        return out

    def render(self, target_words: int, front: bool | None = None) -> str:
        r = self.rng
        if front is None:
            front = r.random() < 0.7
        head = self.front_matter() if front else []
        head += [f"# {self.headline()}", ""]
        head += [f"*{self.subheadline()}*" if r.random() < 0.6 else f"## {self.subheadline()}", ""]
        if r.random() < 0.3:
            head += ["FOR IMMEDIATE RELEASE", ""]
        head += [self.dateline(), ""]
        parts = self.press_release_parts()
        tail = [t for t in (self.journey(), self.metrics(), self.scope()) if r.random() < 0.8]
        r.shuffle(tail)
        self.faq_entries()
        # Short targets: drop optional parts (short drafts skip them), longest-lived first.
        drop: list[str] = []
        sheddable = ["tail"] * len(tail) + ["Leader quote", "How it works"]
        n_cust, n_int = 1, 1

        def build() -> str:
            body = head + self.press_release(parts, drop) + self.faq(n_cust, n_int) + sum(tail, [])
            return "\n".join(body).rstrip() + "\n"

        text = build()
        while words(text) > target_words + 20 and sheddable:
            what = sheddable.pop(0)
            if what == "tail":
                tail.pop()
            else:
                drop.append(what)
            text = build()
        # Grow the FAQ until the document reaches its target length.
        while words(text) < target_words and (n_cust < len(CUSTOMER_QS) or n_int < len(INTERNAL_QS)):
            if (n_cust <= n_int or n_int >= len(INTERNAL_QS)) and n_cust < len(CUSTOMER_QS):
                n_cust += 1
            else:
                n_int += 1
            text = build()
        while words(text) > 900 and n_cust + n_int > 2:
            if n_int > 1 and (n_int >= n_cust or n_cust <= 1):
                n_int -= 1
            else:
                n_cust -= 1
            text = build()
        return text


def make_doc(seed: int, index: int, target: int | None = None, front: bool | None = None) -> str:
    rng = random.Random(f"{seed}:{index}")
    if target is None:
        target = rng.randint(300, 900)
    return Doc(rng, index).render(target, front)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "out"))
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20260101)
    ap.add_argument("--big-mb", type=float, default=10.0)
    args = ap.parse_args()

    set_dir = os.path.join(args.out, f"set{args.count}")
    os.makedirs(set_dir, exist_ok=True)
    counts = []
    for i in range(1, args.count + 1):
        text = make_doc(args.seed, i)
        counts.append(words(text))
        with open(os.path.join(set_dir, f"doc-{i:04d}.md"), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)

    # one.md: about 400 words, all parts present, with front matter.
    one = make_doc(args.seed, 0, target=400, front=True)
    with open(os.path.join(args.out, "one.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(one)

    # big.md: one headline, then press-release and FAQ sections from many documents.
    limit = int(args.big_mb * 1024 * 1024)
    parts = ["# A very long PR/FAQ for the parser's near-linear check", ""]
    size = sum(len(p.encode()) + 1 for p in parts)
    j = 0
    while size < limit:
        j += 1
        d = Doc(random.Random(f"{args.seed}:big:{j}"), j)
        block = [f"## Part {j}: {d.headline()}", "", d.dateline(), ""]
        for p in d.problem() + d.solution():
            block += [p, ""]
        block += [d.leader_quote(), ""] + d.how_it_works() + ["", d.customer_quote(), "", d.cta(), ""]
        d.faq_entries()
        block += [line.replace("# ", "### ", 1) if line.startswith("# ") else line
                  for line in d.faq(4, 4)]
        block += d.metrics()
        chunk = "\n".join(block) + "\n"
        # Stay within the limit: prfaq refuses files over 10 MiB by default.
        if size + len(chunk.encode()) + 1 > limit:
            break
        parts.append(chunk)
        size += len(chunk.encode()) + 1
    with open(os.path.join(args.out, "big.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(parts))
    small, k = [], 0
    while k < len(parts) and sum(len(p.encode()) + 1 for p in small) < limit // 10:
        small.append(parts[k])
        k += 1
    with open(os.path.join(args.out, "big-1mb.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(small))

    total = sum(counts)
    print(f"gen_corpus: {args.count} documents in {set_dir}: words min {min(counts)}, "
          f"median {sorted(counts)[len(counts) // 2]}, max {max(counts)}, total {total}")
    print(f"gen_corpus: one.md {words(one)} words; big.md {size / 1048576:.1f} MB in {j} sections; "
          f"big-1mb.md {k - 1} sections")
    return 0


if __name__ == "__main__":
    sys.exit(main())
