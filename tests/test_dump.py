"""dump: the text-dump front end recovers blocks, lists and drops page furniture."""

from __future__ import annotations

from pipeline.dump import dump_blocks
from pipeline.models import ListItems, ParaBlock

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
    title, blocks, removed = dump_blocks(DUMP)
    assert title == "Gout"
    texts = [b.text if isinstance(b, ParaBlock) else b for b in blocks]
    assert texts[:3] == ["Gout: Causes:", "Gout is arthritis.", "Gout joint pain is common. Triggers may include:"]
    assert texts[3] == ListItems(("Beer.", "Red meat.", "Fructose."))
    assert texts[4:] == ["Symptoms", "The joint is red.", "NOTE: Educational purposes only."]
    assert removed.counts == {"captions": 1, "page_furniture": 5}
