"""dump: the text-dump front end recovers blocks, lists and drops page furniture."""

from __future__ import annotations

from pipeline.dump import dump_blocks
from pipeline.models import ListItems, ParaBlock, Run

DUMP = (
    "Gout\n\n"
    "Gout: Causes:Gout is arthritis.Gout jointGout joint pain is common. Triggers may include:Beer.\n"
    "  \u2022 Red meat.\n"
    "  \u2022 Fructose.\n"
    "SymptomsThe joint is red.NOTE: Educational purposes only.\n\n"
    "0 Comments\n\nSubmit a Comment\n\n"
    "Another Post Title\n\nA teaser of another post that stops in the middle of a sentence and trails off...\n\nread more"
)


def test_title_blocks_lists_and_furniture():
    front = dump_blocks(DUMP)
    title, blocks, removed = front.title, front.blocks, front.removed
    assert title == "Gout"
    texts = [b.text if isinstance(b, ParaBlock) else b for b in blocks]
    assert texts[:3] == ["Gout: Causes:", "Gout is arthritis.", "Gout joint pain is common. Triggers may include:"]
    assert texts[3] == ListItems(("Beer.", "Red meat.", "Fructose."))
    assert texts[4:] == ["Symptoms", "The joint is red.", "NOTE: Educational purposes only."]
    assert removed.counts == {"captions": 1, "page_furniture": 5}


GLUED_HEADING = (
    "Achalasia\n\n"
    "Achalasia: Causes:The cause is not known. Conditions that look like it may include:Chagas disease.\n"
    "  \u2022 Tumours near the stomach (pseudoachalasia).Symptoms:Symptoms usually begin slowly.Night cough.\n"
)


def test_a_heading_glued_onto_a_list_item_ends_the_item():
    blocks = dump_blocks(GLUED_HEADING).blocks
    texts = [b.text if isinstance(b, ParaBlock) else b for b in blocks]
    assert texts[2] == ListItems(("Chagas disease.", "Tumours near the stomach (pseudoachalasia)."))
    assert texts[3:6] == ["Symptoms:", "Symptoms usually begin slowly.", "Night cough."]


def test_an_item_of_several_glued_sentences_stays_one_item():
    dump = "Gout\n\nTriggers may include:Beer.\n  \u2022 Red meat.It is rich in purines.\n"
    blocks = dump_blocks(dump).blocks
    assert blocks[-1] == ListItems(("Beer.", "Red meat.It is rich in purines."))


def test_a_french_dump_is_read_with_french_section_names():
    blocks = dump_blocks("Otite\n\nOtite: Causes:Des virus.Symptômes:La douleur.\n", "fr").blocks
    assert [b.text for b in blocks] == ["Otite: Causes:", "Des virus.", "Symptômes:", "La douleur."]


SECTIONED_DUMP = """Shingles

Shingles is a painful rash caused by the virus that also causes chickenpox, and it mostly affects older adults.

Symptoms

Common symptoms include:
- a tingling feeling on the skin before the rash appears
- a rash of blisters on one side of the body
- a high temperature and a general feeling of being unwell

Treatment
Antiviral medicine can help if it is started within three days of the rash appearing.

Share this page
Follow us
"""


def test_headings_on_their_own_lines_do_not_cut_the_article_short():
    """A heading alone between blank lines joins the text around it; the page's furniture still goes."""
    from pipeline import process

    record = process(SECTIONED_DUMP.encode(), "shingles.txt")
    assert [(s.heading, s.kind) for s in record.sections] == [
        (None, "description"),
        ("Symptoms", "symptoms"),
        ("Treatment", "treatment"),
    ]
    assert record.sections[0].blocks[0].text.startswith("Shingles is a painful rash")
    assert "Share this page" not in record.model_dump_json()


def test_a_line_ending_in_a_colon_is_the_intro_of_the_list_under_it():
    blocks = dump_blocks(SECTIONED_DUMP, "en").blocks
    lists = [b for b in blocks if isinstance(b, ListItems)]
    assert lists[0].items[0] == "a tingling feeling on the skin before the rash appears"
    assert ParaBlock((Run("Common symptoms include:"),)) in blocks
