"""structure: headings, pseudo-lists, intros and glued first items, section kinds."""

from __future__ import annotations

from pipeline.models import HeadingBlock, ListItems, ParaBlock, Run
from pipeline.structure import is_section_name, kind_of, structure


def para(*runs: tuple[str, bool] | str) -> ParaBlock:
    return ParaBlock(tuple(Run(r) if isinstance(r, str) else Run(*r) for r in runs))


def sections(blocks, title="Gout"):
    return [s.model_dump() for s in structure(blocks, title).sections]


def test_bold_label_heading_is_split_from_glued_text():
    out = sections([para(("Symptoms:", True), "The signs vary.In many cases none.")])
    assert out[0]["heading"] == "Symptoms" and out[0]["kind"] == "symptoms"
    assert out[0]["blocks"] == [{"type": "paragraph", "text": "The signs vary. In many cases none."}]


def test_bold_paragraph_without_colon_is_a_heading():
    out = sections([para(("Causes", True)), para("Uric acid builds up in the joints.")])
    assert [s["heading"] for s in out] == ["Causes"]


def test_bold_lead_phrase_in_a_sentence_is_not_a_heading():
    out = sections([para(("Dystrophic gout", True), " occurs in damaged tissue.")])
    assert out[0]["heading"] is None
    assert out[0]["blocks"][0]["text"] == "Dystrophic gout occurs in damaged tissue."


def test_br_bullets_with_glued_first_item_and_intro():
    text = "Gout is common. Causes may include:Diet.\n\u2022 Alcohol.\n\u2022 Obesity."
    out = sections([para(text)])
    blocks = out[0]["blocks"]
    assert blocks[0] == {"type": "paragraph", "text": "Gout is common."}
    assert blocks[1] == {
        "type": "list",
        "intro": "Causes may include:",
        "items": ["Diet.", "Alcohol.", "Obesity."],
        "ordered": False,
    }


def test_inline_bullets_become_items():
    out = sections([para("\u2022 First sign. \u2022 Second sign. \u2022 Third sign.")])
    assert out[0]["blocks"] == [
        {
            "type": "list",
            "intro": None,
            "items": ["First sign.", "Second sign.", "Third sign."],
            "ordered": False,
        }
    ]


def test_dash_and_numbered_pseudo_lists():
    dashes = sections([para("Avoid:\n- red meat\n- beer\n- sugary drinks")])[0]["blocks"][0]
    assert dashes["items"] == ["red meat", "beer", "sugary drinks"] and dashes["intro"] == "Avoid:"
    numbered = sections([para("Steps: 1) rest the joint 2) apply ice 3) take medicine")])[0]["blocks"][0]
    assert numbered["items"] == ["rest the joint", "apply ice", "take medicine"] and numbered["ordered"]


def test_hyphenated_words_are_not_list_markers():
    out = sections([para("A long-term, self-limiting condition in well-known joints.")])
    assert out[0]["blocks"][0]["type"] == "paragraph"


def test_real_list_takes_intro_and_glued_item_from_paragraph_before():
    out = sections(
        [
            HeadingBlock("Diagnosis", 2),
            para("Differential diagnosis may include:Milia."),
            ListItems(("Mycetoma.", "Xanthomas.")),
        ]
    )
    lst = out[0]["blocks"][0]
    assert lst["intro"] == "Differential diagnosis may include:"
    assert lst["items"] == ["Milia.", "Mycetoma.", "Xanthomas."]


def test_subheading_takes_parent_kind_unless_it_names_one():
    out = sections(
        [
            HeadingBlock("Types", 2),
            para("There are several types of it."),
            HeadingBlock("Tophaceous gout", 3),
            para("Lumps form under the skin."),
            HeadingBlock("How is it treated?", 3),
            para("Medicines lower uric acid."),
            HeadingBlock("History of the name", 2),
            para("The word is old."),
        ]
    )
    assert [(s["heading"], s["level"], s["kind"]) for s in out] == [
        ("Types", 2, "types"),
        ("Tophaceous gout", 3, "types"),
        ("How is it treated?", 3, "treatment"),
        ("History of the name", 2, "other"),
    ]


def test_lead_text_is_a_description_section_and_title_prefix_is_dropped():
    out = sections(
        [
            para("Gout is a form of arthritis."),
            HeadingBlock("Gout: Causes and Risk Factors:", 2),
            para("Uric acid."),
        ]
    )
    assert out[0]["heading"] is None and out[0]["kind"] == "description"
    assert out[1]["heading"] == "Causes and Risk Factors" and out[1]["kind"] == "causes"


def test_vocabulary():
    assert is_section_name("Description, Causes and Risk Factors:", None)
    assert is_section_name("Symptoms of gout", None)
    assert not is_section_name("Differential diagnosis may include", None)
    assert not is_section_name("Treatment is often difficult.", None)
    assert kind_of("Signs and symptoms") == "symptoms"
    assert kind_of("How is gout diagnosed?") == "diagnosis"
    assert kind_of("Outlook") == "prognosis"
    assert kind_of("What is gout?") == "description"
    assert kind_of("Our editors") is None


def test_shortcodes_are_removed_and_counted():
    built = structure([para("Text here. [WpProQuiz 1]")], None)
    assert built.sections[0].blocks[0].text == "Text here."
    assert built.removed.counts == {"shortcodes": 1}


def test_labelled_lines_stay_apart_for_the_fields_stage():
    out = sections([para(("ICD-10:", True), " E03.9\n", ("Other names:", True), " Underactive thyroid")])
    assert [b["text"] for b in out[0]["blocks"]] == ["ICD-10: E03.9", "Other names: Underactive thyroid"]


def test_end_matter_sections_are_dropped_with_their_subsections():
    built = structure(
        [
            HeadingBlock("Treatment", 2),
            para("Rest helps most people."),
            HeadingBlock("External links", 2),
            para("Example Foundation site."),
            HeadingBlock("Charities", 3),
            para("Example charity."),
            HeadingBlock("Prognosis", 2),
            para("Most recover."),
        ],
        None,
    )
    assert [s.heading for s in built.sections] == ["Treatment", "Prognosis"]
    assert built.removed.counts == {"link_sections": 1}


def test_weak_description_words_yield_to_named_kinds():
    assert kind_of("What are the symptoms of gout?") == "symptoms"
    assert kind_of("What is the outlook for people with gout?") == "prognosis"
    assert kind_of("Key facts") == "description"  # a summary of the page, as "Summary" is


def test_bold_colon_line_before_a_list_is_its_intro_not_a_heading():
    out = sections(
        [
            HeadingBlock("Symptoms", 2),
            para("Pain is sudden."),
            para(("Ask for an urgent appointment if:", True)),
            ListItems(("you have a fever", "the pain worsens")),
        ]
    )
    assert [s["heading"] for s in out] == ["Symptoms"]
    assert out[0]["blocks"][1]["intro"] == "Ask for an urgent appointment if:"


def test_page_meta_lines_are_dropped():
    built = structure(
        [para("Gout is common in men."), para("Page last reviewed: 10 January 2023\nNext review due: 2026")],
        None,
    )
    assert [b.text for b in built.sections[0].blocks] == ["Gout is common in men."]
    assert built.removed.counts == {"meta": 1}


def test_a_bullet_before_a_no_break_space_leaves_no_space_at_the_edge():
    built = structure([ParaBlock((Run("Archive:"),)), ListItems(("►\u00a0 2016 (21)", "▪ 2015\u2009"))], None)
    items = built.sections[0].blocks[0].items
    assert items == ["2016 (21)", "2015"]


def test_a_run_of_inline_bullets_ends_where_the_paragraph_goes_on():
    text = "Common symptoms include: \u2022 difficulty swallowing \u2022 chest pain \u2022 weight loss. Many people eat slowly."
    blocks = sections([para(text)])[0]["blocks"]
    assert blocks == [
        {
            "type": "list",
            "intro": "Common symptoms include:",
            "items": ["difficulty swallowing", "chest pain", "weight loss."],
            "ordered": False,
        },
        {"type": "paragraph", "text": "Many people eat slowly."},
    ]


def test_inline_bullets_of_whole_sentences_keep_the_last_item_whole():
    text = "\u2022 Rest the joint. \u2022 Take ibuprofen. It eases pain."
    items = sections([para(text)])[0]["blocks"][0]["items"]
    assert items == ["Rest the joint.", "Take ibuprofen. It eases pain."]


def test_affiliate_notes_and_paywall_prompts_are_dropped_and_counted():
    body = "Uric acid builds up in the joints and crystals form, which the immune system attacks."
    built = structure(
        [
            para("This post contains affiliate links, and we may earn a commission at no cost to you."),
            para(body),
            para("Already have an account? Log in"),
            para("Werbung: Dieser Beitrag enthält Affiliate-Links."),
        ],
        "Gout",
    )
    texts = [b.text for s in built.sections for b in s.blocks]
    assert texts == [body]
    assert built.removed.counts == {"ads": 2, "paywall": 1}


def test_a_long_paragraph_that_mentions_commissions_stays():
    """Only a short paragraph is a notice: prose may discuss how a site earns."""
    long = "Health sites say we may earn a commission when readers buy, and critics ask what that does to advice. " * 5
    built = structure([para(long.strip())], "Gout")
    assert len(built.sections[0].blocks) == 1
