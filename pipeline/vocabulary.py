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
# An ICD label names a revision (ICD-10, its US clinical modification
# ICD-10-CM, ICD-11 MMS) or none ("ICD code:"); CIE/CIM are the Spanish and
# French names. The label alone, as a <dt> or <th> writes it, is ICD_NAME.
_ICD_NAME = r"(?:ICD|CIE|CIM)(?:[\s-]?1[01](?:[\s-]?CM)?(?:[\s-]?MMS)?|(?![\s-]?\d))(?:\s+codes?)?"
ICD10_LABEL = re.compile(rf"^\s*{_ICD_NAME}\s*[:\-–]\s*", re.IGNORECASE)
_ALT_NAMES = r"(?:alternat(?:iv)?e names?|other names?|also (?:known as|called)|synonyms?)"
ALT_NAMES_LABEL = re.compile(rf"^\s*{_ALT_NAMES}\s*[:\-–]?\s*", re.IGNORECASE)
# ICD-10 code shape (WHO: letter, two digits, optional dot and one or two
# more characters; ICD-10-CM: up to four after the dot, and a letter third
# in a few categories such as M1A; U07.1 is COVID-19 in both).
ICD10_CODE = re.compile(r"\b([A-Z][0-9][0-9A-B](?:\.[0-9A-Z]{1,4})?)(?![\w.]*\d)", re.IGNORECASE)

# --- Codes: systems, shapes, separators (see codes.py) ---
ICD_NAME = re.compile(rf"^\s*{_ICD_NAME}\s*[:\-–]?\s*$", re.IGNORECASE)
# How a label or a schema.org codingSystem names a system, most specific first;
# one naming none of these (ICD-9, SNOMED) is not ours.
ICD_SYSTEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ICD-11", re.compile(r"(?:ICD|CIE|CIM)[\s_-]?11", re.IGNORECASE)),
    ("ICD-10-CM", re.compile(r"(?:ICD|CIE|CIM)[\s_-]?10[\s_-]?CM", re.IGNORECASE)),
    ("ICD-10", re.compile(r"(?:ICD|CIE|CIM)[\s_-]?10(?![\s_-]?\d)", re.IGNORECASE)),
)
# ICD-11 MMS stem code shape: chapter (digit or letter), a letter (never a
# digit, unlike ICD-10), a digit, one more, optional dot and one or two more;
# I and O are never used. Only read under an ICD-11 (or revision-less) label.
ICD11_CODE = re.compile(
    r"\b([0-9A-HJ-NP-Z][A-HJ-NP-Z][0-9][0-9A-HJ-NP-Z](?:\.[0-9A-HJ-NP-Z]{1,2})?)\b", re.IGNORECASE
)
# What may stand between the codes of one field: separators, "and"/"or",
# and a range's dash or "to"; anything else ends the field's codes.
CODE_SEPARATOR = re.compile(r"\s*(?:[,;/&+|·]|\band\b|\bor\b)\s*", re.IGNORECASE)
CODE_RANGE = re.compile(r"\s*(?:[-–—]|\bto\b|\bthrough\b)\s*", re.IGNORECASE)

# --- Other names ---
# Text that opens with a field label of either kind: one test of each text of a page.
FIELD_LABEL_START = re.compile(rf"\s*(?:{_ICD_NAME}|{_ALT_NAMES})", re.IGNORECASE)
# A heading over several codes fields ("Classification: ICD-10: I10 | ICD-11: BA00").
CODES_HEADING = re.compile(
    r"^\s*(?:(?:medical |diagnosis |diagnostic )?codes?|classification|coding)\s*:?\s*$", re.IGNORECASE
)
# The letters those labels open with (a test checks it against the labels).
FIELD_LABEL_INITIALS = frozenset("ICOASicoas")
# A field label inside a line, after another field's value ("K21.0 Other names: GORD").
INNER_FIELD_LABEL = re.compile(rf"\b(?:{_ICD_NAME}|{_ALT_NAMES})\s*[:\-–]\s*", re.IGNORECASE)
# The first sentence's standard pattern: "X, also called Y, is ...",
# "X (also known as Y or Z) is ...".
FIRST_SENTENCE_NAMES = re.compile(
    r"^[^.;:()]{1,80}?\s*(?:,|\(|—|–)\s*(?:also|sometimes|commonly|otherwise|often)\s+"
    r"(?:known as|called|referred to as|named)\s+(?P<names>[^.;:()]{1,160}?)\s*(?:,|\)|—|–)\s*"
    r"(?:is|are|was|were|refers|describes|means|causes|affects|happens|occurs)\b",
    re.IGNORECASE,
)
# A name is a few words: longer text after a name label is prose.
NAME_MAX_WORDS = 8
NAME_MAX_CHARS = 80

# --- Medical or not (page kinds) ---
# schema.org types that make a page about a condition, or a medical page.
CONDITION_TYPES = frozenset({"MedicalCondition", "InfectiousDisease", "MedicalSignOrSymptom"})
MEDICAL_PAGE_TYPES = frozenset({"MedicalWebPage", "MedicalScholarlyArticle", "MedicalGuideline"})
# Section kinds that only a medical text has (description, types and other say nothing).
MEDICAL_KINDS = frozenset(
    {
        "causes",
        "risk_factors",
        "symptoms",
        "diagnosis",
        "treatment",
        "prevention",
        "complications",
        "prognosis",
    }
)
# Medical words (lower case) and stems; a page using several distinct ones is about health.
MEDICAL_WORDS = frozenset(
    {
        "symptom", "symptoms", "disease", "diseases", "disorder", "syndrome", "infection", "infections",
        "inflammation", "chronic", "acute", "patient", "patients", "doctor", "doctors", "physician",
        "physicians", "clinic", "clinical", "medical", "medicine", "medicines", "medication", "medications",
        "surgery", "hospital", "condition", "pain", "fever", "blood", "immune", "tissue", "organ", "organs",
        "nerve", "nerves", "viral", "dose", "gp", "nurse", "health", "healthcare", "illness",
        "treat", "treated", "treatment", "treatments",
    }
)  # fmt: skip
MEDICAL_STEMS = ("diagnos", "therap", "prescri", "pregnan", "vaccin", "bacteri")
MEDICAL_WORDS_MIN = 5  # distinct medical words for a health article

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
