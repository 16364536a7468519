"""Positions by actor: a table built from the checked facts.

*Positions*: what each government, official or organisation said it wants, will do or
rejects, with the date it was reported. It states only verified facts (their claims were
checked against their spans) and cites them; nothing here is written by the model beyond
those claims. Two outlets' rows of one point of one actor are one row citing both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import takewhile

from brief.schema import Article, Fact
from brief.text import (
    NEGATION,
    SPEECH,
    figures_in,
    matchable,
    predicate,
    quotes_as_source,
    quotes_closed,
    without_signpost,
)
from brief.verify.attribution import ROLE_WORDS
from brief.verify.spans import sentence_problems, states_closely
from brief.verify.speakers import named_speaker

MAX_ROWS = 12
# What will happen to someone is not what they will do: "the United States will surpass
# 600,000 deaths", "California will lose a seat".
_OUTCOME = (r"(?:surpass|exceed|reach|hit|top|see|lose|gain|experience|remain|fall|rise|"
            r"grow|shrink|increase|decrease|decline|double|triple)\b")
_STANCE = re.compile(
    r"(?<!-)\b(?:said|says|urged|urges|calls? for|called for|warned|warns|threatened|threatens|"
    r"wants?|rejected|rejects|"
    r"ruled? out|refused|supports?|opposes?|opposed|backs|backed|pledged|pledges|promised|"
    r"vowed|(?:will|would)(?!\s+(?:likely\s+|soon\s+)?" + _OUTCOME + r")|"
    r"is ready|are ready|is open to|agreed|insisted|demanded|dismissed|declared|declares|"
    r"declined to(?=\s+[a-z])|declines to(?=\s+[a-z])|"
    r"welcomed|criticized|criticised|praised|announced|committed|denied|denies|"
    # "claimed a resounding victory", "claims responsibility": a win, not a position
    r"(?:claimed|claims)(?!\s+(?:an?\s+|the\s+|her\s+|his\s+|their\s+|its\s+)?(?:[\w-]+\s+)?"
    r"(?:victory|win|title|seat|lives|life|responsibility|credit|prize|majority|crown)\b)|"
    r"argued|argues|contended|contends)\b", re.I)
_BACKGROUND = re.compile(r"\b(?:who is in charge of|is responsible for|who heads)\b", re.I)
# A decision, commitment or refusal: these rows come first when there are too many.
COMMITMENT = re.compile(
    r"\b(?:ruled? out|rules out|rejected|rejects|refused|refuses|pledged|pledges|promised|"
    r"promises|vowed|vows|committed to|agreed|agrees|signed|approved|vetoed|dismissed|"
    r"declared|ordered|will not accept|won't accept|decided|announced|denied|denies)\b", re.I)


@dataclass
class PositionRow:
    actor: str
    position: str  # the verified fact's claim, or its sentence as written
    date: str
    facts: list[Fact]  # the first states it; the others report the same from other sources


def stated(fact: Fact, articles: dict[str, Article]) -> str:
    """What a row states of a verified fact: its claim (with the article's quotation
    marks), or the sentence it restates as written when the claim says more than that
    sentence (a line of the brief must keep two thirds of its words from its span); ""
    for a fact not verified."""
    if fact.status != "verified":
        return ""
    span = " ".join(s.quote for s in fact.spans)
    claim = quotes_as_source(fact.claim, articles[fact.article_id].text)
    return quotes_closed(without_signpost(claim if states_closely(claim, span) else span))


def passes(said: str, fact: Fact, articles: dict[str, Article]) -> bool:
    """Whether a row stating `said` passes the checks `brief check` applies to it (a
    quotation as written, without the speaker its claim named, does not)."""
    return not sentence_problems(said, [fact], articles)


def reported(article: Article) -> str:
    return article.published.isoformat() if article.published else "undated"


def positions(facts: list[Fact], articles: dict[str, Article]) -> list[PositionRow]:
    """One row per point an actor's verified facts state, grouped by actor."""
    held = [(actor, fact, said) for fact in facts
            if (said := stated(fact, articles))
            and (actor := holder(said, articles[fact.article_id].text))
            and passes(said, fact, articles)]
    once = {f.id for f in one_per_span([f for _, f, _ in held])}
    held = [row for row in held if row[1].id in once]
    rows: list[PositionRow] = []
    for actor, fact, said in held:
        actor = _fullest(actor, [a for a, _, _ in held])
        same = next((r for r in rows if r.actor == actor and same_point(r.position, said)),
                    None)
        if same is None:
            rows.append(PositionRow(actor, said, reported(articles[fact.article_id]), [fact]))
        else:
            cite_also(same.position, same.facts, fact, articles)
    order = {a: i for i, a in enumerate(dict.fromkeys(r.actor for r in rows))}
    # Too many: decisions and commitments are kept before what was merely said.
    first = sorted(range(len(rows)), key=lambda i: not COMMITMENT.search(rows[i].position))
    kept = [rows[i] for i in sorted(first[:MAX_ROWS])]
    kept.sort(key=lambda row: order[row.actor])  # stable: each actor's rows keep their order
    return kept


SAME_POINT = 0.5  # of the shorter row's content words, in the other row


def same_point(kept: str, new: str) -> bool:
    """Whether a row states again the point (one step, one stance) of a row kept, as
    another outlet words it: half of what the shorter says of whom it names (its words
    but names and "said") in the other, no figure the kept row lacks, and both or
    neither negated. It is not stated twice."""
    a, b = predicate(kept) - SPEECH, predicate(new) - SPEECH
    return (bool(a and b) and len(a & b) >= SAME_POINT * min(len(a), len(b))
            and figures_in(new) <= figures_in(kept)
            and bool(NEGATION.search(matchable(kept))) == bool(NEGATION.search(matchable(new))))


def cite_also(text: str, facts: list[Fact], fact: Fact, articles: dict[str, Article]) -> None:
    """Cite `fact` on a row stating `text` too, when the row stays borne out by every
    span it cites (as `brief check` reads it): "will announce" is not borne out by a span
    that says "plans to announce", and then the row cites its own facts only."""
    if not sentence_problems(text, [*facts, fact], articles):
        facts.append(fact)


def one_per_span(facts: list[Fact]) -> list[Fact]:
    """The facts, the first of each sentence cited: two facts of one span (the model's
    claim and the sentence as written) would be two rows with one footnote."""
    seen: set[tuple[str, tuple[tuple[int, int], ...]]] = set()
    out = []
    for fact in facts:
        key = (fact.article_id, tuple(sorted((s.start, s.end) for s in fact.spans)))
        if key not in seen:
            seen.add(key)
            out.append(fact)
    return out


def holder(said: str, article: str = "") -> str:
    """Who a row gives the position `said` states to; "" when it states no named actor's
    position (no stance, or words on who someone is)."""
    if not _stance(said) or _BACKGROUND.search(said):
        return ""
    actor = actor_of(said, article)
    if _NEWS_OUTLET.fullmatch(actor):
        # a newspaper reports; it holds no position: "… agreed on a proposal …,
        # according to the Associated Press" is the EU's, "CNN said the IG's office
        # announced the probe" no one's
        plain = _ACCORDING_TO.sub("", said)
        actor = "" if plain == said else holder(plain, article)
    return actor


# Newsrooms whose reports a sentence cites (never the holder of a position).
_NEWS_OUTLET = re.compile(
    r"(?:the\s+)?(?:New York Times|Washington Post|Wall Street Journal|Associated Press|AP|"
    r"Reuters|CNN|MSNBC|CNBC|(?:NBC|ABC|CBS|Fox|Bloomberg|BuzzFeed) News|Fox Business|"
    r"Politico|Axios|Bloomberg|NPR|BBC|The Hill|Hill|USA Today|Los Angeles Times|Guardian|"
    r"Daily Beast|Business Insider|Insider|Newsweek|Vox|HuffPost|Daily Wire|Daily Caller|"
    r"Breitbart|Washington Examiner|National Review|New York Post|Agence France-Presse|AFP|"
    r"Al Jazeera|Financial Times|Economist|Atlantic|Washington Times|Daily Mail)"
    r"(?:\s+and\s+(?:the\s+)?[A-Z][\w.-]*)*", re.I)
_ACCORDING_TO = re.compile(r",?\s*(?:according to|reported|reports|told)\s+(?:the\s+)?"
                           r"[A-Z][\w.&'’ -]*?(?=[,.;]|$)")


# A stance that is not its subject's: calls someone faces ("is facing calls for his
# resignation from Republican lawmakers"), a promise as an adjective ("how to enact
# promised reforms").
_NOT_THEIR_STANCE = re.compile(r"\b(?:(?:facing|faces|face|amid|despite)\s+(?:\w+\s+)?"
                               r"|(?:enact|keep|break|fulfil|fulfill)\s+)$", re.I)


def _stance(claim: str) -> re.Match[str] | None:
    """The first stance verb of `claim` that is its subject's."""
    return next((m for m in _STANCE.finditer(claim)
                 if not _NOT_THEIR_STANCE.search(claim[:m.start()])
                 # "residents were urged to cut power": urged, not urging
                 and not (m.group().lower().endswith("ed")
                          and _PASSIVE_AUXILIARY.search(claim[:m.start()]))), None)


def _fullest(actor: str, actors: list[str]) -> str:
    """"Schumer" beside "Chuck Schumer" is one actor, named in full."""
    longer = [a for a in actors if a != actor and a.endswith(f" {actor}")]
    return max(longer, key=len) if longer else actor


# A name: capitalised words, with "of", "for", "and" or "the" between them ("the Centers
# for Disease Control and Prevention", "the FDA and CDC").
_NAMED = (r"([A-Z][\w'’.-]+(?:(?:\s+(?:of|for|and|the|&|\d+(?:st|nd|rd|th))){0,3}"
          r"\s+[A-Z][\w'’.-]+){0,7})")  # "Johnson & Johnson", "for the 4th Circuit"
_NOT_ACTORS = {"He", "She", "They", "It", "We", "I", "The", "This", "That", "Despite", "But",
               "And", "In", "On", "After", "Before", "While", "As", "At", "A", "An", "Two",
               "Three", "Four", "Some", "Many", "Several", "Both", "All", "Most", "Other",
               "For", "With", "Without", "If", "When", "Since", "Although", "Though",
               "Because", "Yet", "So", "Or", "Now", "Then", "There", "Here", "These", "Those",
               "Its", "Their", "His", "Her", "Our", "One", "Each", "Every", "No", "Not",
               "No."}  # "The No. 3 Republican"
# Capitalised words that name no one: days, months, a party tag ("D-N.Y.").
_NOT_NAMES = re.compile(
    r"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|"
    r"July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|"
    r"Oct|Nov|Dec)\.?|[DRI][-–][A-Z][\w.]*|(?:E|C|M|P)[SD]?T|GMT|UTC|BST)$")  # "1:30 a.m. ET"
# A name after a preposition is a place, a date or an object, not who holds the position
# ("to take on the US government", "at the urging of some Democrats", "with 218 Democrats",
# "joining all Democrats in support").
_AFTER_PREPOSITION = re.compile(
    r"\b(?:in|at|on|from|to|of|for|with|by|after|before|during|near|into|over|under|"
    r"against|than|since|until|about|across|between|among|meeting|met|joining)\W*"
    r"(?:(?:the|a|an|some|many|all|most|several|other|even|\d[\d,]*)\W+)*$", re.I)
# A stance inside a question someone asked is not the stance of whoever it names
# ("a reporter who asked what makes him confident that Putin will change").
_ASKED = re.compile(r"\b(?:asked|asks|ask|asking|knows?|wondered|wonders)\s+(?:him\s+|her\s+|"
                    r"them\s+)?(?:what|why|whether|if|how|when)\b", re.I)
_PRONOUN = {"he", "she", "they", "it", "we"}
# The subject of a passive holds no stance ("Moise was assassinated …, the prime minister
# announced").
_PASSIVE = re.compile(r"(?:,[^,]*,)?\s+(?:was|were|is|are|has been|have been|had been)\s+"
                      r"(?:\w+ly\s+)?(?:\w+(?:ed|en|wn|nt)|found|held|shot|hit|kept|left|lost|"
                      r"made|put|sent|struck|caught|led|met|sold|cut)\b"
                      r"(?!\s+to\b)")  # not "is expected to announce"
# Before the first name of a claim that is its subject: an opening phrase and an article
# at most ("In Kyiv, Prime Minister Mark Carney", "The Justice Department").
_OPENING = re.compile(r"(?:[^,]*,\s*)?(?:(?:the|a|an)\s+)?", re.I)
ADJACENT_WORDS = 2  # words between a name and the stance verb it is the subject of
_TRANSPARENT = {"who", "also", "has", "have", "had", "is", "are", "was", "were", "been",
                "then", "now", "already", "again", "previously", "repeatedly"}
# Who a name stands before: "the US government", "White House officials".
_GROUP_NOUNS = {"government", "officials", "official", "administration", "lawmakers",
                "leaders", "ministry", "spokesman", "spokeswoman", "spokesperson", "military",
                "authorities", "prosecutors", "senators", "democrats", "republicans"}
# "a Republican-led campaign": who leads it, not who holds the position
_MODIFIER = re.compile(r"-(?:led|backed|run|controlled|based|owned|funded|allied|aligned)$")
# Between a name and its verb, only a passive ("was directly warned"): not its holder.
_PASSIVE_AUXILIARY = re.compile(r"\b(?:was|were|is|are|been|being|be)\s+(?:\w+ly\s+)?$",
                                re.I)
_PASSIVE_BEFORE = re.compile(r"\s+(?:(?:has|have|had)\s+been|was|were|is|are|been|being|be)"
                             r"\s+(?:\w+ly\s+)?")
# A subject that is what someone owns ("Moderna's COVID-19 vaccine"): not a holder.
_POSSESSED = re.compile(r"\w['’]s\s+[A-Z][\w-]*$")
# One or two lower-case words straight after a name, before the verb, ending on an
# office, a body or a group: what the name describes ("foreign minister", "school
# district", "health officials").
_HEAD_NOUN = re.compile(r"(?:\s+[a-z][a-z-]*){1,2}\s*")
_HEADS = ROLE_WORDS | _GROUP_NOUNS | {
    "aide", "aides", "jurist", "judge", "panel", "committee", "district", "board", "agency",
    "department", "guidance", "personnel", "members", "politicians", "guardsmen", "troops",
    "police", "court", "council", "office", "regulators", "officers", "staff"}
# A stance whose subject is people left unnamed ("satisfaction from those who have
# called for accountability"): no one named holds it.
_UNNAMED_WHO = re.compile(r"\b(?:those|people|anyone|others)\s+who\s+(?:\w+\s+){0,2}$",
                          re.I)
# A stance a text took, not a person ("retracting earlier reporting that said Rudy
# Giuliani had been warned").
_SAID_BY_A_TEXT = re.compile(r"\b(?:report|reports|reporting|story|stories|article|statement|"
                             r"letter|memo|email|document|study|post|tweet|filing)\s+that\s+$",
                             re.I)
# A body named after "of" holds the stance of its panel ("a panel of the U.S. Court of
# Appeals for the 4th Circuit said").
_BODY_OF = re.compile(r"\b(?:panel|committee|board|council)\s+of\s+(?:the\s+)?$", re.I)
# A name that opens what someone else said, expected or feared.
_REPORTED_CLAUSE = re.compile(
    r"\b(?:predicted|predicts|expected|expects|forecast|forecasts|believed|believes|"
    r"thought|thinks|hoped|hopes|feared|fears|assumed|projected|estimated|said|says|told|"
    r"(?:expectations?|predictions?|hopes|fears|forecasts|assumptions?)\s+that)"
    r"\s+(?:that\s+)?(?:the\s+)?(?:new\s+|former\s+|incoming\s+)?$")
_AND_NAME = re.compile(r"\s+and\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")


def actor_of(claim: str, context: str = "") -> str:
    """Who holds the position, as the claim says: the speaker it names ("…, said Keir
    Starmer"); else the name just before the stance verb ("Carney pledged"), else the
    claim's subject; "" when the claim names no one. A one-word name that opens a sentence
    counts only where `context` (the article) capitalises it inside a sentence too: "History
    will tell" names no one, "Schumer introduced … would" does."""
    spoken = named_speaker(claim)
    if spoken:
        opening = re.match(_NAMED, claim)  # "Ronna Romney McDaniel warned", in full
        whole = _name(opening.group(1)) if opening else ""
        return whole if whole.endswith(f" {spoken}") else spoken
    stance = _stance(claim)
    if not stance or _ASKED.search(claim[:stance.start()]):
        return ""
    before = claim[:stance.start()]
    if _UNNAMED_WHO.search(before) or _SAID_BY_A_TEXT.search(before):
        return ""
    places = [m.end() for m in re.finditer(_NAMED, before)
              if _AFTER_PREPOSITION.search(before[:m.start()])]
    names = [(m.start(), m.end(), name) for m in re.finditer(_NAMED, before)
             if (not _AFTER_PREPOSITION.search(before[:m.start()])
                 or (re.search(r"\bof\s+(?:\d[\d,]*\s+)?$", before[:m.start()])
                     and _GROUP_NOUNS & set(before[m.end():].lower().split()[:1]))  # "a group
                 # of 10 U.S. senators says" (not "voted with 218 Democrats in support")
                 or _BODY_OF.search(before[:m.start()]))
             and not _quoted(before[:m.start()])  # a name in someone's quoted words
             and not _in_apposition(before, m, places)
             and (name := _name(m.group(1))) and not _NOT_NAMES.match(name)
             and not _MODIFIER.search(name)
             and _a_name(m.group(1), name, before[:m.start()], context or claim)]
    if not names:
        return ""
    start, end, last = names[-1]
    if (len(names) > 1 and _OPENING.fullmatch(before[:names[0][0]])
            and re.match(r",\s+who\b", before[names[0][1]:]) and before.rstrip().endswith(",")):
        return names[0][2]  # "Matthew Lohmeier, who was promoting … with host L. Todd Wood,
        # claimed": the subject the relative clause describes, not a name inside it
    if _PASSIVE_BEFORE.fullmatch(before[end:]):
        return ""  # "Giuliani was directly warned": warned, not warning
    if _REPORTED_CLAUSE.search(before[:start]):
        return ""  # "economists, who had predicted America would add": what someone
        # unnamed said or expected of America; America holds no stance
    gap = [w for w in re.findall(r"[a-z]+", before[end:].lower()) if w not in _TRANSPARENT]
    if (gap and len(gap) <= ADJACENT_WORDS and _HEAD_NOUN.fullmatch(before[end:])
            and gap[-1] in _HEADS and not re.search(r"['’]s$", before[start:end])):
        return f"{last} {' '.join(gap)}"  # "The Iranian foreign minister said", "a
        # Pennsylvania school district urged": the name describes who holds it
    group = list(takewhile(_GROUP_NOUNS.__contains__, gap))
    rest = gap[len(group):]
    if re.search(r"['’]s$", before[names[-1][0]:end]) and len(gap) <= ADJACENT_WORDS:
        return ""  # "some Alzheimer's experts who said": the experts, not named
    if group and (len(rest) <= ADJACENT_WORDS or (rest[0] == "and" and len(rest) <= 3)):
        return f"{last} {' '.join(group)}"  # "the US government says", "Republican
        # lawmakers and activists pledged" (not "Ukraine's military capabilities, …, would")
    if (gap and gap[-1] in _PRONOUN) or len(gap) > ADJACENT_WORDS or {"which", "that"} & set(gap):
        # "…, she announced", "the Act, which is backed": the claim's subject
        first, after, name = names[0]
        opens = bool(_OPENING.fullmatch(before[:first])) and not _PASSIVE.match(before[after:])
        if re.fullmatch(r",\s*(?:he|she|they)\s+", before[after:]):
            return ""  # "Operation Warp Speed, she claimed, …": what she said of it
        owner = re.search(r"['’]s$", before[first:after])
        if opens and owner and re.match(r"\s+[a-z]", before[after:]):
            return _possessed_holder(name + owner.group(), before[after:])
        subject = opens and not (_POSSESSED.search(before[first:after])  # "Moderna's
                                   and re.match(r"\s+[a-z]", before[after:]))  # COVID-19
        # vaccine is …, the drugmaker said": what Moderna owns holds no stance
        between = before[after:names[1][0]].split() if len(names) > 1 else []
        if subject and between and all(w in ROLE_WORDS | _DESCRIPTORS for w in between):
            return names[1][2]  # "New York Post reporter Laura Italiano resigned …, she
            # claimed": the reporter, not her paper
        head = re.match(r"\s+([a-z]+)\b", before[after:])
        if subject and head and head.group(1) in _HEADS:
            return f"{name} {head.group(1)}"  # "Democratic and Republican staff in Congress"
        return name if subject else ""
    if len(names) > 1 and _AND_NAME.fullmatch(before[names[-2][1]:end]):
        return _listed(names[:-1], before) + f" and {last}"  # "Britain and France will
        # lead"
    return _listed(names, before) if " and " in last else last


_LINKING = {"However", "Meanwhile", "Also", "Instead", "Still", "Separately", "Further",
            "Moreover", "Overall", "Later", "Earlier", "Today", "Yesterday"}


def _quoted(before: str) -> bool:
    """Whether what follows `before` is inside a quotation it opens: the words of the
    speaker, whoever they name ("“…the United States will return,” officials said")."""
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _listed(names: list[tuple[int, int, str]], before: str) -> str:
    """The last of `names` with the names before it in a list ("California, Illinois,
    Michigan and West Virginia will all lose"), not only its last two."""
    listed, first = [names[-1][2]], names[-1][0]
    for k in range(len(names) - 2, -1, -1):
        if not re.fullmatch(r",\s*", before[names[k][1]:first]):
            break
        listed.insert(0, names[k][2])
        first = names[k][0]
    opening = re.fullmatch(r"([A-Z][\w'’.-]+),\s*", before[:first])
    if (opening and (len(listed) > 1 or " and " in listed[0])
            and not opening.group(1).endswith("ly")  # "Additionally, Colorado, …"
            and opening.group(1) not in _NOT_ACTORS | _LINKING):
        listed.insert(0, opening.group(1))  # a list's first word opens the sentence
    return ", ".join(listed)


# What someone owns that states their stance: "Noem's announcement that she will send".
_THEIR_WORDS = {"announcement", "statement", "decision", "plan", "proposal", "remarks",
                "comments", "pledge", "promise", "order", "refusal", "letter", "tweet"}


def _possessed_holder(owner: str, rest: str) -> str:
    """Who holds a stance whose subject is what `owner` ("Pelosi's") has: an office or
    person ("Pelosi's office", "Georgia's secretary of state", "Iran's new political
    leader"), the owner for their own words ("Noem's announcement"), else no one ("New
    York City's raucous mayoral primary will be")."""
    lower = re.match(r"(?:\s+[a-z][a-z-]*){1,5}", rest)
    words = lower.group().split() if lower else []
    if words and words[0] in _THEIR_WORDS:
        return owner[:-2]
    for i, word in enumerate(words[:3]):
        if word in _HEADS:
            more = words[i + 1:i + 3] if words[i + 1:i + 2] == ["of"] else []
            return " ".join([owner, *words[:i + 1], *more])
    return ""


def _in_apposition(before: str, name: re.Match[str], places: list[int]) -> bool:
    """Whether a name goes on with a place, a date or an object named after a
    preposition: set off by commas ("in Maricopa County, Arizona, are refusing") or
    ending its list ("governors from Florida, Nebraska and Iowa have"). A name after the
    comma and before the verb is the subject ("offered by Mr. Biden, Republican senators
    said")."""
    stem = before[:name.start()].rstrip()
    if not stem.endswith(",") or len(stem) - 1 not in places:
        return False
    return before[name.end():].lstrip().startswith(",") or " and " in name.group(1)


def _a_name(found: str, name: str, before: str, context: str) -> bool:
    """Whether a capitalised word is a name: one word that opens a sentence ("Nearly",
    "History", "Multiple") is one only if the article capitalises it elsewhere too."""
    if " " in found or not re.fullmatch(r"(?:.*[.!?:;\"“‘'(—]\s*)?", before, re.S):
        return True
    inside = re.compile(rf"(?<=[\w,])\s+{re.escape(name)}\b")
    return bool(inside.search(context)) or bool(re.search(r"[A-Z].*[A-Z]", name))


# The last word of an institution's name: the name is kept whole.
_BODIES = {"department", "agency", "police", "court", "committee", "commission", "service",
           "office", "bureau", "council", "board", "administration", "association", "party",
           "organization", "foundation", "institute", "university", "company", "corporation"}
_DESCRIPTORS = {"journalist", "reporter", "columnist", "correspondent", "editor", "professor"}


def _name(found: str) -> str:
    """A name without the title words before it ("Defense Minister Bill Blair" → "Bill
    Blair", "Senate Majority Leader Chuck Schumer" → "Chuck Schumer")."""
    words = [w for w in found.split() if w.removesuffix("'s").removesuffix("’s")
             not in _NOT_ACTORS]
    while words and _NOT_NAMES.match(words[0]):
        words = words[1:]  # "On Monday Carlson … said"
    while words and words[0] in {"of", "for", "and", "the"}:
        words = words[1:]  # "He and the Trump Organization"
    titled = [i for i, w in enumerate(words[:-1])
              if w.lower().strip(".").removesuffix("-elect") in ROLE_WORDS | _DESCRIPTORS
              or (w.endswith(".") and not re.fullmatch(r"[A-Z]\.", w))]  # "Lawrence J. Korb"
    if titled:
        words = words[titled[-1] + 1:]
        if words[:1] in (["of"], ["for"]) and len(words) > 3:  # "Secretary of State
            # Antony Blinken": the rest of the title goes; an initial stays with its name
            words = words[-3:] if re.fullmatch(r"[A-Z]\.", words[-2]) else words[-2:]
    while len(words) > 2 and (words[0].lower() in {"canadian", "defense", "defence", "foreign",
                                                   "u.k.", "u.s."}
                              or words[0].endswith(("'s", "’s"))):
        words = words[1:]
    body = bool(words) and words[-1].lower() in _BODIES  # "Los Angeles Police Department"
    joined = body or any(w in {"of", "for", "and", "the"} for w in words)
    name = " ".join(words if joined else words[-3:]).removesuffix("'s").removesuffix("’s")
    return name[:-1] if re.search(r"[a-z]\.$", name) else name  # "said Keir Starmer."

