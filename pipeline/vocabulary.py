"""Words the pipeline recognises: section names, field labels, disclaimer wording.

Data, not logic: stages import these tables and never spell a medical word
themselves, so widening the vocabulary is an edit here only.
"""

from __future__ import annotations

import re

# Section kinds, each with the words that name it in a heading. A heading's
# kind is the kind whose words occur first in it, so "Description, Causes and
# Risk Factors" is a description and "Signs and symptoms of gout" symptoms.
KIND_WORDS: dict[str, str] = {
    "description": r"overview|description|definition|introduction|summary",
    "causes": r"causes?|caused|what causes|etiology|aetiology|pathophysiology|pathogenesis|mechanism|why",
    "risk_factors": r"risk factors?|risks?|who (?:gets|is at risk|is affected)|at risk",
    "symptoms": r"symptoms?|symptomatic|signs?|clinical (?:features|presentation)|presentation|what does .{1,40} (?:look|feel) like",
    "diagnosis": r"diagnos\w*|differential|tests?|testing|screening|investigations?|evaluation|examination",
    "treatment": r"treat\w*|management|manag\w+|therap\w*|medications?|medicines?|drugs?|remed\w*|self[- ]care|surgery|cure",
    "prevention": r"prevent(?:ion|ing|ed|ive|able|s)?|prophyla\w*|avoid\w*",
    "complications": r"complications?",
    "prognosis": r"prognosis|outlook|life expectancy|recovery",
    "types": r"types?|classifications?|classified|subtypes?|forms|kinds|variants|stages?",
    "epidemiology": r"epidemiology|prevalence|incidence|how common|statistics",
}
# Words that name a kind only when no other kind is named: "What is gout?"
# is a description, "What are the symptoms of gout?" is about symptoms.
WEAK_KIND_WORDS: dict[str, str] = {"description": r"what (?:is|are)|about"}
WEAK_KIND_RE = {
    kind: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for kind, words in WEAK_KIND_WORDS.items()
}
KIND_RE = {kind: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for kind, words in KIND_WORDS.items()}

# Headings that are section names and nothing else: in a text dump, where
# markup is gone, only these may be promoted to headings. Each part of a
# combined heading ("Causes and Risk Factors") must be one of them.
SECTION_PHRASES = frozenset(
    {
        "overview",
        "description",
        "definition",
        "introduction",
        "summary",
        "causes",
        "cause",
        "etiology",
        "aetiology",
        "pathophysiology",
        "pathogenesis",
        "mechanism",
        "risk factors",
        "risk factor",
        "risks",
        "symptoms",
        "signs",
        "clinical features",
        "clinical presentation",
        "presentation",
        "diagnosis",
        "differential diagnosis",
        "tests",
        "investigations",
        "screening",
        "treatment",
        "treatments",
        "management",
        "therapy",
        "medications",
        "medication",
        "home remedies",
        "self-care",
        "self care",
        "surgery",
        "prevention",
        "complications",
        "prognosis",
        "outlook",
        "types",
        "classification",
        "subtypes",
        "stages",
        "forms",
        "epidemiology",
        "prevalence",
        "incidence",
        "when to see a doctor",
        "living with",
    }
)
# How parts of a combined section name are joined.
SECTION_JOINERS = re.compile(r"\s*(?:,|;|/|&|\band\b|\bor\b)\s*", re.IGNORECASE)

# Labels of fields that leave the text for their own place in the record.
ICD10_LABEL = re.compile(r"^\s*ICD[\s-]?10(?:[\s-]?CM)?(?:\s+codes?)?\s*[:\-–]\s*", re.IGNORECASE)
ALT_NAMES_LABEL = re.compile(
    r"^\s*(?:alternat(?:iv)?e names?|other names?|also (?:known as|called)|synonyms?)\s*[:\-–]?\s*",
    re.IGNORECASE,
)
# ICD-10 code shape (WHO: letter, two digits, optional dot and up to two more
# characters; ICD-10-CM adds characters, which the WHO check then rejects).
ICD10_CODE = re.compile(r"\b([A-TV-Z][0-9][0-9A-B](?:\.[0-9A-Z]{1,4})?)(?![\w.]*\d)", re.IGNORECASE)

# The medical disclaimer: a label that is always one, a label that is one
# when the wording agrees, and the wording itself.
DISCLAIMER_LABEL = re.compile(r"^\s*(?:medical\s+)?disclaimers?\s*[:\-–]\s*", re.IGNORECASE)
NOTE_LABEL = re.compile(r"^\s*(?:note|important|please note)\s*[:\-–]\s*", re.IGNORECASE)
DISCLAIMER_WORDING = re.compile(
    r"not (?:be )?(?:a |intended (?:to be |as )?(?:a )?)?(?:substitute|replacement) for"
    r"|(?:informational|educational|information|education) purposes?"
    r"|(?:does not|doesn't|do not) (?:constitute|provide|offer) (?:medical|professional)"
    r"|should not (?:be used|substitute)"
    r"|(?:does not|doesn't|do not|cannot|can't|is not meant to) replace (?:\w+ ){0,2}(?:advice|consultation|care)"
    r"|general information only"
    r"|not (?:intended|meant) (?:to|as|for) (?:\w+ ){0,3}(?:medical|diagnos|treat)"
    r"|(?:always )?(?:consult|seek the advice of|talk to|speak (?:to|with)) (?:your|a|with your) "
    r"(?:own )?(?:doctor|physician|health ?care|qualified|gp)",
    re.IGNORECASE,
)

# Lines about the page rather than the condition ("Page last reviewed: ...").
PAGE_META_LINE = re.compile(
    r"^\s*(?:page last reviewed|last reviewed|next review due|last updated|medically reviewed by|reviewed by|"
    r"written by|published on|updated on)\b",
    re.IGNORECASE,
)

# Short texts that are a label for an ad slot, not content.
AD_LABELS = frozenset(
    {
        "advertisement",
        "advertisements",
        "advertising",
        "sponsored",
        "sponsored content",
        "ad",
        "ads",
        "publicidad",
        "anzeige",
        "publicité",
        "werbung",
        "-advertisement-",
        "continue reading below",
    }
)

# Headings of end matter that points elsewhere rather than informs: these
# sections are dropped whole.
END_MATTER = frozenset(
    {
        "external links",
        "see also",
        "further reading",
        "related articles",
        "related posts",
        "related reading",
        "you may also like",
        "was this page helpful",
        "was this article helpful",
        "share this article",
        "more articles",
        "read more",
        "recommended reading",
        "popular posts",
    }
)
