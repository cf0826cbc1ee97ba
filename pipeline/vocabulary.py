"""Words the pipeline recognises: section names, field labels, disclaimer wording.

Data, not logic: stages import these tables and never spell a medical word
themselves, so widening the vocabulary is an edit here only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal, get_args

# The section kinds, in record order: the one list of them. The record's `kind`
# is this type, and every table below that is keyed by kind is typed with it,
# so the type checker refuses a kind that is not here, and _check_tables()
# refuses one at import (a kind missing from the record would make every page
# with such a heading fail validation).
# Kinds beyond schema.org's are those a reader asks for by name: what the page
# says about diagnosis, how common a condition is, and its questions and answers.
Kind = Literal[
    "description",
    "causes",
    "risk_factors",
    "transmission",
    "symptoms",
    "when_to_see_doctor",
    "diagnosis",
    "treatment",
    "living_with",
    "prevention",
    "complications",
    "prognosis",
    "types",
    "epidemiology",
    "faq",
    "other",
]

# Each kind with the schema.org HealthAspectEnumeration member it stands for
# (None: schema.org has none).
SECTION_KINDS: dict[Kind, str | None] = {
    "description": "OverviewHealthAspect",
    "causes": "CausesHealthAspect",
    "risk_factors": "RisksOrComplicationsHealthAspect",
    "transmission": "ContagiousnessHealthAspect",
    "symptoms": "SymptomsHealthAspect",
    "when_to_see_doctor": "SeeDoctorHealthAspect",
    "diagnosis": None,
    "treatment": "TreatmentsHealthAspect",
    "living_with": "LivingWithHealthAspect",
    "prevention": "PreventionHealthAspect",
    "complications": "RisksOrComplicationsHealthAspect",
    "prognosis": "PrognosisHealthAspect",
    "types": "TypesHealthAspect",
    "epidemiology": None,
    "faq": None,
    "other": None,
}

# The words that name each kind in a heading, per language (ISO 639-1). A
# heading's kind is the kind whose words occur first in it, so "Description,
# Causes and Risk Factors" is a description and "Signs and symptoms of gout"
# symptoms. A page's own language is tried first, English after it (health
# pages in any language borrow English words). Accents are optional: words and
# headings are compared with their accents taken off.
KIND_WORDS: dict[str, dict[Kind, str]] = {
    "en": {
        "description": r"overview|description|definition|introduction|summary|key (?:facts|points|messages)|at a glance|in brief|fast facts|quick facts",
        "causes": r"causes?|caused|what causes|etiology|aetiology|pathophysiology|pathogenesis|mechanism|why",
        "risk_factors": r"risk factors?|risks?|who (?:gets|is at risk|is affected|does (?:it|this|\w+) affect)|at risk",
        "transmission": r"transmission|transmitted|contagious(?:ness)?|infectious(?:ness)?|spread(?:s|ing)?|how (?:is )?(?:it|\w+) (?:is )?(?:caught|passed on)",
        "symptoms": r"symptoms?|symptomatic|signs?|clinical (?:features|presentation)|presentation|what does .{1,40} (?:look|feel) like|check if (?:you|your (?:child|baby)|they) (?:have|has)",
        "when_to_see_doctor": r"when (?:to|should (?:i|you)|do (?:i|you) need to) (?:see|call|contact|visit|get|seek|ask for) (?:a |your |the |\w+ )?(?:doctor|gp|physician|pharmacist|help|(?:health ?care |medical )(?:provider|professional)|(?:provider|professional)(?= help|$)|medical (?:help|advice|care|attention)|emergency (?:help|care)|urgent (?:help|advice|care))|urgent advice|seek(?:ing)? (?:urgent |emergency )?medical (?:help|advice|care|attention)|call (?:999|911|112)",
        "diagnosis": r"diagnos\w*|differential|tests?|testing|screening|investigations?|evaluation|examination",
        "treatment": r"treat\w*|management|manag\w+|therap\w*|medications?|medicines?|drugs?|remed\w*|self[- ]care|self[- ]help|surgery|cure|things you can do to (?:ease|relieve|soothe|help)|how to (?:ease|relieve|soothe)",
        "living_with": r"living with|life with|coping(?: with)?|daily life|day-to-day life",
        "prevention": r"prevent(?:ion|ing|ed|ive|able|s)?|prophyla\w*|avoid\w*",
        "complications": r"complications?",
        "prognosis": r"prognosis|outlook|life expectancy|recovery",
        "types": r"types?(?!\s*\d)|classifications?|classified|subtypes?|forms|kinds|variants|stages?",
        "epidemiology": r"epidemiology|prevalence|incidence|how common|statistics|burden|global impact|(?:global|worldwide) (?:situation|figures)",
        "faq": r"faqs?|frequently asked questions?|common questions|questions and answers|your questions|q ?& ?a",
    },
    "de": {
        "description": r"überblick|(?:kurz)?übersicht|beschreibung|definition|einleitung|einführung|zusammenfassung|allgemeines|das wichtigste|kurz ?gefasst|auf einen blick",
        "causes": r"ursachen?|\w*ursachen|auslöser|entstehung|ätiologie|pathogenese|warum",
        "risk_factors": r"risikofaktoren|risiken|risiko|wer ist (?:betroffen|gefährdet)|risikogruppen?",
        "transmission": r"übertragung(?:swege)?|ansteckung(?:sgefahr)?|ansteckend|übertragen",
        "symptoms": r"symptome?|\w*symptome|anzeichen|beschwerden|krankheitszeichen|krankheitsbild",
        "when_to_see_doctor": r"wann (?:zum|sollte man (?:zum|einen)|zur) (?:arzt|ärztin|hausarzt|notaufnahme)|wann zum arzt|arztbesuch|notfall",
        "diagnosis": r"diagnose\w*|diagnostik|untersuchung\w*|tests?|früherkennung",
        "treatment": r"behandlung\w*|therapie\w*|medikamente?|selbsthilfe|hausmittel|operation|heilung",
        "living_with": r"leben mit|alltag mit|umgang mit|im alltag",
        "prevention": r"vorbeugung|vorbeugen|prävention|vorsorge|verhindern|vermeiden",
        "complications": r"komplikationen|folgen|folgeerkrankungen",
        "prognosis": r"prognose|verlauf|aussichten|heilungschancen|lebenserwartung",
        "types": r"formen|arten|typen|stadien|einteilung|klassifikation",
        "epidemiology": r"häufigkeit|epidemiologie|verbreitung|wie häufig|zahlen",
        "faq": r"häufige fragen|häufig gestellte fragen|fragen und antworten|faqs?",
    },
    "fr": {
        "description": r"présentation|aperçu|description|définition|introduction|résumé|généralités|en bref|l'essentiel|principaux faits|repères",
        "causes": r"causes?|origines?|étiologie|pourquoi|d'où vient",
        "risk_factors": r"facteurs de risque|personnes à risque|qui est (?:concerné|touché|à risque)|risques?",
        "transmission": r"transmission|contagion|contagieu(?:x|se)|contamination",
        "symptoms": r"symptômes?|signes?|manifestations",
        "when_to_see_doctor": r"quand consulter|quand faut-il consulter|quand (?:voir|appeler) (?:un|le|son) médecin|consulter un médecin",
        "diagnosis": r"diagnostics?|dépistage|examens?|tests?",
        "treatment": r"traitements?|prise en charge|soins|médicaments?|thérapies?|chirurgie|que faire",
        "living_with": r"vivre avec|au quotidien|vie quotidienne",
        "prevention": r"prévention|prévenir|éviter",
        "complications": r"complications?",
        "prognosis": r"pronostic|évolution|guérison",
        "types": r"types?(?!\s*\d)|formes|stades|classification",
        "epidemiology": r"épidémiologie|fréquence|prévalence|incidence|chiffres|ampleur",
        "faq": r"questions fréquentes|foire aux questions|questions-réponses|questions et réponses|faq",
    },
    "es": {
        "description": r"descripción|información general|introducción|definición|resumen|datos clave|en resumen",
        "causes": r"causas?|etiología|por qué|origen",
        "risk_factors": r"factores de riesgo|riesgos?|quién(?:es)? (?:está|están|corre) (?:en riesgo|afectados)",
        "transmission": r"transmisión|contagio|contagiosa?|se transmite|se contagia",
        "symptoms": r"síntomas?|signos?|manifestaciones",
        "when_to_see_doctor": r"cuándo (?:consultar|acudir|ir|ver|llamar)(?: (?:a|al) (?:un |una )?(?:médico|doctor|urgencias|profesional))?",
        "diagnosis": r"diagnóstico|pruebas|exámenes|detección|cribado",
        "treatment": r"tratamientos?|terapias?|medicamentos?|manejo|cirugía|autocuidado|cuidados en casa",
        "living_with": r"vivir con|convivir con|vida diaria|día a día",
        "prevention": r"prevención|prevenir|evitar",
        "complications": r"complicaciones",
        "prognosis": r"pronóstico|evolución|expectativas",
        "types": r"tipos|formas|clasificación|etapas|estadios",
        "epidemiology": r"epidemiología|frecuencia|prevalencia|incidencia|cifras|carga",
        "faq": r"preguntas frecuentes|preguntas y respuestas|faq",
    },
}
# Words that name a kind only when no other kind is named: "What is gout?"
# is a description, "What are the symptoms of gout?" is about symptoms.
WEAK_KIND_WORDS: dict[str, dict[Kind, str]] = {
    "en": {"description": r"what (?:is|are)|about"},
    "de": {"description": r"was (?:ist|sind)|über"},
    "fr": {"description": r"qu'est-ce (?:que|qu'une?)|à propos"},
    "es": {"description": r"qué (?:es|son)|acerca de|sobre"},
}

# Headings that are section names and nothing else, per language: in a text
# dump, where markup is gone, only these may be promoted to headings. Each
# part of a combined heading ("Causes and Risk Factors") must be one of them.
SECTION_PHRASES: dict[str, frozenset[str]] = {
    "en": frozenset(
        {
            "overview",
            "description",
            "definition",
            "introduction",
            "summary",
            "key facts",
            "key points",
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
            "who is at risk",
            "transmission",
            "symptoms",
            "signs",
            "clinical features",
            "clinical presentation",
            "presentation",
            "when to see a doctor",
            "when to see your doctor",
            "when to get medical help",
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
            "self-help",
            "surgery",
            "living with",
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
            "how common is it",
            "burden",
            "faq",
            "faqs",
            "frequently asked questions",
        }
    ),
    "de": frozenset(
        {
            "überblick",
            "beschreibung",
            "definition",
            "ursachen",
            "ursache",
            "risikofaktoren",
            "übertragung",
            "ansteckung",
            "symptome",
            "anzeichen",
            "beschwerden",
            "wann zum arzt",
            "diagnose",
            "untersuchungen",
            "behandlung",
            "therapie",
            "selbsthilfe",
            "leben mit",
            "vorbeugung",
            "prävention",
            "komplikationen",
            "prognose",
            "verlauf",
            "formen",
            "häufigkeit",
            "häufige fragen",
            "krankheitsverlauf",
            "arten",
            "typen",
        }
    ),
    "fr": frozenset(
        {
            "présentation",
            "définition",
            "causes",
            "facteurs de risque",
            "transmission",
            "symptômes",
            "quand consulter",
            "diagnostic",
            "traitement",
            "traitements",
            "prise en charge",
            "vivre avec",
            "prévention",
            "complications",
            "pronostic",
            "évolution",
            "types",
            "épidémiologie",
            "questions fréquentes",
            "signes",
            "examens",
            "soins",
            "formes",
            "fréquence",
            "quand consulter un médecin",
        }
    ),
    "es": frozenset(
        {
            "descripción",
            "información general",
            "definición",
            "causas",
            "factores de riesgo",
            "transmisión",
            "síntomas",
            "cuándo consultar a un médico",
            "diagnóstico",
            "tratamiento",
            "tratamientos",
            "vivir con",
            "prevención",
            "complicaciones",
            "pronóstico",
            "tipos",
            "epidemiología",
            "preguntas frecuentes",
            "signos",
            "pruebas",
            "formas",
            "frecuencia",
            "cuándo consultar",
        }
    ),
}
# Words that join or qualify section names, per language ("Causes and Risk
# Factors", "Symptoms of gout", "Ursachen und Risikofaktoren").
SECTION_JOINER_WORDS: dict[str, str] = {"en": "and|or", "de": "und|oder", "fr": "et|ou", "es": "y|e|o|u"}
QUALIFIER_WORDS: dict[str, str] = {
    "en": "of|for|in|with",
    "de": "von|bei|der|des|im",
    "fr": "de|du|des|d'une?|de la|chez",
    "es": "de|del|en|de la",
}

# Words that mark a language in running text, for pages that do not declare
# theirs (text dumps) or declare it wrongly. Only languages with a section
# vocabulary above are told apart.
STOP_WORDS: dict[str, str] = {
    "en": "the and of to is in that for with are be this it or by",
    "de": "der die das und ist nicht mit von den zu ein eine sich auch werden oder",
    "fr": "le les et est des une du pour dans qui pas sont au aux sur ou",
    "es": "el los las y es que del por con una para se al su como o",
}

# Permalink marks sites print inside a heading ("Symptoms #", "¶", "🔗",
# a visually hidden "Link to this section"): not part of its text.
PERMALINK_MARKS = re.compile(
    r"^(?:\s*(?:[#¶🔗]\ufe0f?|link to this (?:section|heading)|permalink|anchor link|copy link)\s*)+(?!\s*\d)"
    r"|(?:\s*(?:[#¶🔗]\ufe0f?|link to this (?:section|heading)|permalink|anchor link|copy link))+\s*$",
    re.IGNORECASE,
)


# --- Typography ---
# Abbreviations whose full stop ends no sentence ("e.g. Ibuprofen", "Dr. Smith"),
# written without that full stop. A single letter (U.S., vitamin D.) ends none
# either: the rules that read this table add it.
ABBREVIATIONS = ("e.g", "i.e", "vs", "Dr", "Mr", "Mrs", "Ms", "St", "No", "Fig", "etc", "approx", "ca")

# Bullet glyphs: the round ones, which text dumps write before their items, then
# squares, arrows and ticks, which pages also type as bullets inside paragraphs
# (in a dump, a line opening with one of those stays text).
BULLETS = "•·▪●◦‣⁃"
BULLETS_IN_HTML = BULLETS + "■□➢➤►✓✔"

# --- Field labels ---
# What ends a label: "ICD-10: L94.2", "Other names - GORD", "Disclaimer – ...".
# A name label without one opens a sentence ("Also called flexural psoriasis, ...").
LABEL_MARKS = (":", "-", "–")
_MARK = "[" + "".join(map(re.escape, LABEL_MARKS)) + "]"

# Labels of fields that leave the text for their own place in the record.
# An ICD label names a revision (ICD-10, its US clinical modification
# ICD-10-CM, ICD-11 MMS) or none ("ICD code:"); CIE/CIM are the Spanish and
# French names. The label alone, as a <dt> or <th> writes it, is ICD_NAME.
_ICD_NAME = r"(?:ICD|CIE|CIM)(?:[\s-]?1[01](?:[\s-]?CM)?(?:[\s-]?MMS)?|(?![\s-]?\d))(?:\s+codes?)?"
ICD10_LABEL = re.compile(rf"^\s*{_ICD_NAME}\s*{_MARK}\s*", re.IGNORECASE)
# "Synonym(s)", "Synonyme" (de), "Synonymes" (fr) are one alternative, longest
# ending first: a label pattern must not stop at the English stem of a longer word.
_ALT_NAMES = (
    r"(?:synonym(?:es|e|s)?"
    r"|alternat(?:iv)?e names?|other names?|also (?:known as|called)"
    r"|andere namen|weitere namen|auch bekannt als"  # de
    r"|autres noms|autres appellations|aussi appelée?"  # fr
    r"|otros nombres|también (?:conocid[oa]|llamad[oa]) como|sinónimos?)"  # es
)
ALT_NAMES_LABEL = re.compile(rf"^\s*{_ALT_NAMES}\s*{_MARK}?\s*", re.IGNORECASE)
# ICD-10 code shape (WHO: letter, two digits, optional dot and one or two
# more characters; ICD-10-CM: up to four after the dot, and a letter third
# in a few categories such as M1A; U07.1 is COVID-19 in both).
ICD10_CODE = re.compile(r"\b([A-Z][0-9][0-9A-B](?:\.[0-9A-Z]{1,4})?)(?![\w.]*\d)", re.IGNORECASE)

# --- Codes: systems, shapes, separators (see codes.py) ---
ICD_NAME = re.compile(rf"^\s*{_ICD_NAME}\s*{_MARK}?\s*$", re.IGNORECASE)
# The ICD systems a code may belong to: the record's `system` is this type.
IcdSystem = Literal["ICD-10", "ICD-10-CM", "ICD-11"]
# How a label or a schema.org codingSystem names a system, most specific first;
# one naming none of these (ICD-9, SNOMED) is not ours.
ICD_SYSTEMS: tuple[tuple[IcdSystem, re.Pattern[str]], ...] = (
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
FIELD_LABEL_INITIALS = frozenset("ICOASWTicoaswt")
# A field label inside a line, after another field's value ("K21.0 Other names: GORD").
INNER_FIELD_LABEL = re.compile(rf"\b(?:{_ICD_NAME}|{_ALT_NAMES})\s*{_MARK}\s*", re.IGNORECASE)
# The first sentence's standard pattern: "X, also called Y, is ...",
# "X (also known as Y or Z) is ...".
FIRST_SENTENCE_NAMES = re.compile(
    r"^[^.;:()]{1,80}?\s*(?:,|\(|—|–)\s*(?:also|sometimes|commonly|otherwise|often)\s+"
    r"(?:known as|called|referred to as|named)\s+(?P<names>[^.;:()]{1,160}?)\s*(?:,|\)|—|–)\s*"
    r"(?:is|are|was|were|refers|describes|means|causes|affects|happens|occurs)\b",
    re.IGNORECASE,
)
# What stands between names in one field: "GORD; acid reflux", "A, B and C", "A or B"
# ("and" only before the last name: "heartburn and acid reflux" may be one name).
NAME_SEPARATOR = re.compile(r"\s*(?:;|,|\bor\b|\band\b(?=[^,;]*$))\s*")
# A name is a few words: longer text after a name label is prose.
NAME_MAX_WORDS = 8
NAME_MAX_CHARS = 80

# --- Medical or not (page kinds) ---
# schema.org types that make a page about a condition, or a medical page.
CONDITION_TYPES = frozenset({"MedicalCondition", "InfectiousDisease", "MedicalSignOrSymptom"})
MEDICAL_PAGE_TYPES = frozenset({"MedicalWebPage", "MedicalScholarlyArticle", "MedicalGuideline"})
# What a page that calls itself one article declares: schema.org types and
# Open Graph's og:type. Such a page's short text is still its article.
ARTICLE_TYPES = frozenset(
    {"Article", "NewsArticle", "BlogPosting", "Report", "ScholarlyArticle", "TechArticle", *MEDICAL_PAGE_TYPES}
)
ARTICLE_OG_TYPES = frozenset({"article"})
# Section kinds that only a medical text has (description, types, living_with,
# epidemiology, faq and other say nothing).
MEDICAL_KINDS: frozenset[Kind] = frozenset(
    {
        "causes",
        "risk_factors",
        "transmission",
        "symptoms",
        "when_to_see_doctor",
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
DISCLAIMER_LABEL = re.compile(
    r"^\s*(?:(?:medical\s+)?disclaimers?"
    r"|haftungsausschluss|medizinischer hinweis"  # de
    r"|avertissement(?: médical)?|avis de non-responsabilité|clause de non-responsabilité"  # fr
    r"|aviso (?:legal|médico)|descargo de responsabilidad|exención de responsabilidad)"  # es
    rf"\s*{_MARK}\s*",
    re.IGNORECASE,
)
NOTE_LABEL = re.compile(
    r"^\s*(?:note|important|please note|(?:wichtiger )?hinweis|wichtig|remarque|à noter|nota|aviso|importante)"
    rf"\s*{_MARK}\s*",
    re.IGNORECASE,
)
# How an unlabelled disclaimer refers to the page it sits on.
DISCLAIMER_VOICE = re.compile(
    r"\b(?:this|the above|the)\s+(?:article|information|content|site|website|page|material)"
    r"|\b(?:dieser (?:artikel|beitrag|text)|diese (?:seite|informationen|website)|die (?:informationen|inhalte) (?:auf|dieser))"  # de
    r"|\b(?:cet article|cette page|ces informations|ce site)"  # fr
    r"|\b(?:este artículo|esta (?:página|información)|este sitio)",  # es
    re.IGNORECASE,
)
DISCLAIMER_WORDING = re.compile(
    r"not (?:be )?(?:a |intended (?:to be |as )?(?:a )?)?(?:substitute|replacement) for"
    r"|(?:informational|educational|information|education) purposes?"
    r"|(?:does not|doesn't|do not) (?:constitute|provide|offer) (?:medical|professional)"
    r"|should not (?:be used|substitute)"
    r"|(?:does not|doesn't|do not|cannot|can't|is not meant to) replace (?:\w+ ){0,2}(?:advice|consultation|care)"
    r"|general information only"
    r"|not (?:intended|meant) (?:to|as|for) (?:\w+ ){0,3}(?:medical|diagnos|treat)"
    r"|(?:always )?(?:consult|seek the advice of|talk to|speak (?:to|with)) (?:your|a|with your) "
    r"(?:own )?(?:doctor|physician|health ?care|qualified|gp)"
    # de
    r"|ersetzt (?:\w+ ){0,3}(?:keine|nicht)|dient (?:\w+ ){0,3}(?:information|aufklärung)"
    r"|keine (?:ärztliche|medizinische) beratung|(?:kann|können|soll|sollen|darf|dürfen) (?:\w+ ){0,4}nicht ersetzen"
    r"|nicht (?:\w+ ){0,2}zur selbst(?:diagnose|behandlung|medikation)|nur allgemeine (?:hinweise|informationen)"
    # fr
    r"|ne (?:remplacen?t?|saurai(?:en)?t remplacer|se substituen?t?|peu(?:ven)?t (?:pas )?remplacer) |à (?:titre|des fins) (?:informatif|d'information)"
    r"|(?:consultez|demandez l'avis d') (?:votre|un) (?:médecin|professionnel)"
    # es
    r"|no (?:sustituye|reemplaza|(?:debe|puede) (?:sustituir|reemplazar))|(?:con )?fines (?:informativos|educativos)"
    r"|consulte (?:a|con) (?:su|un) (?:médico|profesional)",
    re.IGNORECASE,
)

# Notices about the page's business, not its subject, each under the removal
# kind it counts as: how the site earns from links ("ads"), and a paywall's
# prompts ("paywall"). Matched in short paragraphs only, and only in those
# holding one of the kind's words (lower case): most paragraphs hold none, and
# a word test costs a fraction of the pattern's search.
NOTICES: dict[str, tuple[tuple[str, ...], re.Pattern[str]]] = {
    "ads": (
        ("commission", "affiliate", "amazon associate", "werbe", "werbung", "anzeige", "affiliés", "sponsorisés"),
        re.compile(
            r"\bwe (?:may|might) (?:earn|receive|get) (?:an? )?(?:small )?(?:affiliate )?commissions?\b"
            r"|\b(?:contains?|may contain|includes?) affiliate links?\b|\bas an amazon associate\b"
            r"|\b(?:enthält|enthalten) (?:affiliate|werbe)-?links\b|^\W*(?:werbung|anzeige)\b"  # de
            r"|\bliens? (?:affiliés|sponsorisés)\b",  # fr
            re.IGNORECASE,
        ),
    ),
    "paywall": (
        ("already", " in to ", "subscribe", "unlock", "bereits", "abonné", "la suite", "ya tienes", "ya eres"),
        re.compile(
            r"\balready (?:have an account|a (?:subscriber|member))\b|\b(?:log|sign) in to (?:read|continue|keep reading)\b"
            r"|\bsubscribe (?:now )?to (?:read|continue|unlock)\b|\bunlock this (?:article|story)\b"
            r"|\bbereits (?:abonnent|registriert)\b"  # de
            r"|\bdéjà abonné|\bpour lire la suite\b"  # fr
            r"|\bya (?:tienes (?:una )?cuenta|eres (?:suscriptor|socio))\b",  # es
            re.IGNORECASE,
        ),
    ),
}
NOTICE_MAX_CHARS = 400

# Lines about the page rather than the condition ("Page last reviewed: ...").
PAGE_META_LINE = re.compile(
    r"^\s*(?:page last reviewed|last reviewed|next review due|last updated|last modified|medically reviewed by|reviewed by|"
    r"written by|published on|updated on)\b",
    re.IGNORECASE,
)

# A cookie notice that no class names: "This website uses cookies. By
# continuing ... you agree to our use of cookies." Matched in short blocks only.
COOKIE_NOTICE = re.compile(
    r"\b(?:(?:site|website|page) uses cookies|use of cookies|accept (?:all )?cookies|"
    r"verwendet cookies|utilise des cookies|utiliza cookies)\b",
    re.IGNORECASE,
)
COOKIE_NOTICE_MAX_CHARS = 400

# A call to subscribe written into the body ("Sign up for our newsletter",
# "Jetzt zum Newsletter anmelden"): a short block that opens with the call, or
# names the newsletter beside it. Matched in short blocks only.
SUBSCRIBE_CALL = re.compile(
    r"^\W*(?:subscribe (?:now|today|to)|sign up (?:for|to)|(?:jetzt )?(?:zum )?newsletter (?:abonnieren|anmelden)|"
    r"abonnieren sie|abonnez-vous|inscrivez-vous|suscr[ií]bete|iscriviti|assine|zapisz się)\b|"
    r"\bnewsletter\b.{0,80}\b(?:subscribe|sign up|anmelden|abonnieren|inscri|suscr|iscriv)|"
    r"\b(?:subscribe|sign up|anmelden|abonnieren|inscri|suscr|iscriv)\w*\b.{0,80}\bnewsletter\b",
    re.IGNORECASE,
)
SUBSCRIBE_CALL_MAX_CHARS = 250

# Where a call at the article's end sends its reader: to subscribe, to give,
# to get the app, to write in, or to follow the site. The words of a link's
# host and path (never its query: "?utm_medium=newsletter" marks an article
# link that came in a newsletter) are far more alike across languages than the
# call's wording ("Sign up here", "Únete", "Unterstütze uns"), so a block whose
# every link goes there is the call, whatever it says. Each stem is looked for
# in the lower-cased host and path, under the removal kind it counts as.
CALL_URL_STEMS: dict[str, tuple[str, ...]] = {
    "newsletter": (
        "subscri", "newsletter", "signup", "sign-up", "abonn", "suscri", "iscriv", "optin",
        "eepurl.com", "list-manage.com",
    ),
    "related": (  # support the site, get its app
        "donat", "spende", "support-us", "membership", "steadyhq.com", "patreon.com", "ko-fi.com",
        "buymeacoffee.com", "paypal.", "apps.apple.com", "itunes.apple.com", "play.google.com",
    ),
    "feedback": ("feedback", "/letters/", "letters-to-the-editor"),
}  # fmt: skip
# Social networks: a link to an account on one (a path of one step, or of two
# after one of FOLLOW_PATH_STEPS) asks the reader to follow it, counted as
# `share`; a link to a post, a video or a search there is the article's source.
FOLLOW_HOSTS = frozenset({
    "facebook.com", "twitter.com", "x.com", "instagram.com", "linkedin.com", "youtube.com", "pinterest.com",
    "tiktok.com", "threads.net", "t.me", "telegram.me", "flipboard.com", "bsky.app", "vk.com", "xing.com",
})  # fmt: skip
FOLLOW_PATH_STEPS = frozenset({"company", "c", "user", "channel", "pages", "groups", "school"})
NOT_AN_ACCOUNT = frozenset({"watch", "status", "share", "sharer", "sharer.php", "intent", "hashtag", "search", "embed", "p", "reel", "pin", "posts", "home", "shorts", "playlist"})  # fmt: skip

# The whole text of a block that is a page control's label, left behind when
# the control is no <button>: "read more" (with the reading time a teaser
# card prints), "show more", "Quellen ausblenden" (hide the sources).
CONTROL_LABEL = re.compile(
    r"^\W*(?:(?:read more|continue reading|weiterlesen|mehr lesen|lire la suite|leer más|seguir leyendo|"
    r"leggi (?:di più|tutto)|czytaj więcej|ler mais)(?:\W+\d+\s*(?:min|mins|minutes?|minuten))?|"
    r"show (?:more|less|all)|hide|mehr anzeigen|weniger anzeigen|alle anzeigen|afficher (?:plus|moins)|voir plus|"
    r"ver más|mostrar (?:más|menos)|(?:\w+ )?(?:ausblenden|einblenden)|"
    # a feedback widget's question, left when its buttons went as form controls
    r"(?:was|is) this (?:page |article |information |answer )?(?:helpful|useful)|"
    r"(?:war|ist) (?:dieser artikel|diese seite|diese information) hilfreich|"
    r"cette (?:page|information) vous a-t-elle été utile|cet article vous a-t-il été utile|"
    r"¿?(?:te|le) (?:ha )?(?:resultado|resultó|fue) útil(?: (?:este artículo|esta página|esta información))?|"
    r"¿?(?:fue|es) útil (?:este artículo|esta página|esta información))\W*$",
    re.IGNORECASE,
)
CONTROL_LABEL_MAX_CHARS = 60

# Lead-ins of links to other posts, each a pattern, with the ways pages write it:
# "marked", followed by a label mark or "»", in any case ("Related: ...",
# "Read more – ..."); "capitals", set in capitals with nothing after it, as
# tabloids write them ("SEE MORE Hong Kong ..."). Capitals patterns are upper-cased
# whole: they hold no escapes.
RELATED_LEADS: dict[str, tuple[Literal["marked", "capitals"], ...]] = {
    "related": ("marked", "capitals"),
    "read more": ("marked", "capitals"),
    "more": ("marked", "capitals"),
    "read also": ("marked",),
    "also read": ("marked",),
    "see also": ("marked",),
    "recommended": ("marked",),
    "you may also like": ("marked",),
    "further reading": ("marked",),
    "related (?:posts?|articles?|reading|stories)": ("marked",),
    "see more": ("capitals",),
    "don['’]?t miss": ("capitals",),
    "read next": ("capitals",),
    "watch": ("capitals",),
    "you might also like": ("marked",),
    "more on this (?:topic|story)": ("marked",),
    # German, French, Spanish, Portuguese, Italian, Polish, Dutch
    "mehr zum thema": ("marked",),
    "auch interessant": ("marked",),
    "das könnte (?:sie|dich) auch interessieren": ("marked",),
    "(?:lesen sie|lies) auch": ("marked",),
    "auch lesen": ("marked",),
    "(?:weitere|ähnliche|verwandte) artikel": ("marked",),
    "(?:à )?lire aussi": ("marked",),
    "vous aimerez aussi": ("marked",),
    "sur le même sujet": ("marked",),
    "(?:articles|sujets) similaires": ("marked",),
    "(?:le|te) puede interesar": ("marked",),
    "(?:también )?te puede interesar": ("marked",),
    "lee también": ("marked",),
    "(?:temas|noticias|artículos) relacionad[oa]s": ("marked",),
    "(?:leia|veja) também": ("marked",),
    "leggi anche": ("marked",),
    "(?:articoli|notizie) correlat[ie]": ("marked",),
    "(?:czytaj|zobacz) (?:także|też)": ("marked",),
    "lees ook": ("marked",),
    "gerelateerde artikelen": ("marked",),
}
RELATED_LEAD = re.compile(
    r"^\s*(?:" + "|".join(p for p, ways in RELATED_LEADS.items() if "marked" in ways) + r")\s*"
    f"[{_MARK[1:-1]}»]",
    re.IGNORECASE,
)
RELATED_CAPS_LEAD = re.compile(
    r"^\s*(?:" + "|".join(p.upper() for p, ways in RELATED_LEADS.items() if "capitals" in ways) + r")\b"
)
# A heading that is nothing but such a lead ("Mehr zum Thema", "Related articles")
# heads links to other posts, not a section of the article.
RELATED_HEADING = re.compile(
    r"^\s*(?:" + "|".join(RELATED_LEADS) + r")\s*" + f"{_MARK}?" + r"\s*$",
    re.IGNORECASE,
)

# A comment counter a text dump keeps from the page ("12 comments", "3 replies").
COMMENT_COUNT = re.compile(r"^\d+\s+(?:comments?|responses?|replies)$", re.IGNORECASE)

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

# Headings of a page's sources: a section of its own, never a part of the
# section above it (a "Quellen" under "Wann zum Arzt?" lists no reason to
# see a doctor), whatever its heading level.
SOURCES_HEADING = re.compile(
    r"(?:references?|sources?|bibliography|citations|works cited|further sources"
    r"|quellen(?:angaben)?|literatur(?:verzeichnis|angaben)?|belege"  # de
    r"|références|bibliographie"  # fr
    r"|referencias(?: bibliográficas)?|fuentes|bibliografía)\W*",  # es
    re.IGNORECASE,
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


def _check_tables() -> None:
    """Refuse, at import, tables that disagree on the kinds or the languages they name.

    A kind the record does not know would make every page with such a
    heading fail validation; a language with section words but no section
    names, joiners, qualifiers or stop words would fail on its first page.
    Both would pass every test that does not meet such a page.
    """
    kinds = get_args(Kind)
    if tuple(SECTION_KINDS) != kinds:
        raise ValueError("SECTION_KINDS must list every Kind once, in Kind's order")
    for name, by_language in (("KIND_WORDS", KIND_WORDS), ("WEAK_KIND_WORDS", WEAK_KIND_WORDS)):
        for language, words in by_language.items():
            if unknown := set(words) - set(kinds):
                raise ValueError(f"{name}[{language!r}] names kinds that are no Kind: {sorted(unknown)}")
    if not set(kinds) >= MEDICAL_KINDS:
        raise ValueError(f"MEDICAL_KINDS names kinds that are no Kind: {sorted(MEDICAL_KINDS - set(kinds))}")
    languages = set(KIND_WORDS)
    per_language: tuple[tuple[str, Mapping[str, object]], ...] = (
        ("WEAK_KIND_WORDS", WEAK_KIND_WORDS),
        ("SECTION_PHRASES", SECTION_PHRASES),
        ("SECTION_JOINER_WORDS", SECTION_JOINER_WORDS),
        ("QUALIFIER_WORDS", QUALIFIER_WORDS),
        ("STOP_WORDS", STOP_WORDS),
    )
    for name, table in per_language:
        if set(table) != languages:
            raise ValueError(f"{name} must name the languages of KIND_WORDS, {sorted(languages)}: {sorted(table)}")
    _check_call_urls()


def _check_call_urls() -> None:
    """Refuse URL words no lower-cased address can hold: they would never match, and no test would notice."""
    words = [*(s for stems in CALL_URL_STEMS.values() for s in stems), *FOLLOW_HOSTS, *FOLLOW_PATH_STEPS, *NOT_AN_ACCOUNT]
    if bad := [w for w in words if not w or w != w.lower() or any(c.isspace() for c in w)]:
        raise ValueError(f"URL words must be lower case, without spaces: {bad}")
    if bad := [h for h in FOLLOW_HOSTS if h.startswith("www.")]:
        raise ValueError(f"FOLLOW_HOSTS are matched without 'www.': {bad}")


_check_tables()
