"""What the download writers share."""

from __future__ import annotations

import json

import pytest

from mnfu.outputs.shared import json_array_chunks


@pytest.mark.parametrize("items", [[], [1], [{"a": [1, 2]}, {"b": "é"}], [[], {}]])
@pytest.mark.parametrize("depth", [0, 1, 2])
def test_a_json_array_written_item_by_item_is_the_text_json_dumps_writes(items, depth):
    written = "".join(json_array_chunks(iter(items), depth))
    assert written == json.dumps(items, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)
    assert json.loads(written) == items
