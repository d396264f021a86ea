"""The Turtle and JSON-LD dumps written while a build is staged (etl/dumps.py): the child processes a build of
many blocks starts write what a build of one block writes in its own process, for any way the data is cut into
blocks, and both read back as the staged graph; a child's failure reaches the build as its error, and the
children end with a build that is killed. Real processes, real pyoxigraph."""

from __future__ import annotations

import errno
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, parse, serialize

from jkg.etl import dumps, staging
from jkg.vocab import PREFIXES, XSD
from tests.test_build_safety import assert_exit, children

BASE = "https://data.jimujigyo-kg.example/"
DC = PREFIXES["dcterms"]
TRICKY = [  # literals that hold what the JSON-LD compaction looks for
    f'"{DC}title" in quotes',
    '"@value":"' + DC + 'x"',
    "a back\\slash\\",
    'ends with a backslash and a quote \\"',
    "line one\nline two\r\n\ttabbed",
    "{braces}, [brackets], commas,",
    "日本語の説明文。",
    f"{DC}title at the start",
]


def quads(n: int) -> list[Quad]:
    graph = NamedNode(BASE + "graph/lg/082201/2020")
    made = []
    for i in range(n):
        s = NamedNode(f"{BASE}id/lg/082201/project/{i}/2020")
        made += [
            Quad(s, NamedNode(PREFIXES["rdf"] + "type"), NamedNode(PREFIXES["jkg"] + "Sheet"), graph),
            Quad(s, NamedNode(DC + "title"), Literal(TRICKY[i % len(TRICKY)], language="ja"), graph),
            Quad(s, NamedNode(DC + "description"), Literal(TRICKY[(i + 3) % len(TRICKY)]), graph),
            Quad(s, NamedNode(PREFIXES["schema"] + "amount"), Literal(str(i), datatype=XSD.integer), graph),
            Quad(s, NamedNode(DC + "relation"), NamedNode(f"{BASE}id/lg/082201/project/{i + 1}/2020"), graph),
            Quad(s, NamedNode(PREFIXES["prov"] + "wasDerivedFrom"), BlankNode(f"b{i}"), graph),
        ]
    return made


def stage(folder: Path, data: list[Quad], rows: int = 6) -> None:
    """Stage the quads as a build does, a few statements per add()."""
    folder.mkdir()
    staged = staging.Staged(folder)
    for i in range(0, len(data), rows):
        part = data[i : i + rows]
        nq = serialize(part, format=RdfFormat.N_QUADS) or b""
        nt = serialize([q.triple for q in part], format=RdfFormat.N_TRIPLES) or b""
        staged.add(nq, nt)
    staged.close()
    del staged


def files(folder: Path) -> dict[str, bytes]:
    return {name: (folder / "dumps" / name).read_bytes() for name in dumps.FILES}


@pytest.mark.parametrize("block", [10_000, 1 << 16])
def test_the_children_write_what_one_block_writes_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    data = quads(400)
    stage(tmp_path / "whole", data)  # about 400 kB: one block, written in this process
    monkeypatch.setattr(staging, "BLOCK", block)
    stage(tmp_path / "blocks", data)
    assert files(tmp_path / "blocks") == files(tmp_path / "whole")
    want = {q.triple for q in data}
    for name, written in files(tmp_path / "blocks").items():
        got = {q.triple for q in parse(written, format=dumps.FILES[name])}
        assert len(got) == len(want), name  # the same triples, blank nodes aside
        assert {t for t in got if not isinstance(t.object, BlankNode)} == {
            t for t in want if not isinstance(t.object, BlankNode)
        }, name
    document = json.loads(files(tmp_path / "blocks")["data.jsonld"])
    assert document["@context"] == PREFIXES
    assert any("dcterms:title" in node for node in document["@graph"]), "keys are compacted"
    values = {v["@value"] for node in document["@graph"] for v in node.get("dcterms:title", [])}
    assert values <= set(TRICKY) and f'"{DC}title" in quotes' in values, "literals are left as they were"


@pytest.mark.parametrize("size", [1, 7, 100, 4096])
def test_the_json_ld_compaction_does_not_depend_on_how_the_output_is_cut(size: int) -> None:
    triples = [q.triple for q in quads(60)]
    raw = serialize(triples, format=RdfFormat.JSON_LD) or b""
    outputs = []
    for step in (len(raw), size):
        out = io.BytesIO()
        sink = dumps.CompactingJsonLd(out, PREFIXES)
        for i in range(0, len(raw), step):
            sink.write(raw[i : i + step])
        sink.close()
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
    back = {q.triple for q in parse(outputs[1], format=RdfFormat.JSON_LD)}
    assert {t for t in back if not isinstance(t.object, BlankNode)} == {
        t for t in triples if not isinstance(t.object, BlankNode)
    }


def test_a_childs_failure_is_the_builds_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staging, "BLOCK", 10_000)
    staged = staging.Staged(tmp_path)
    (tmp_path / "dumps" / "data.ttl").mkdir()  # the Turtle child cannot open its file
    data = quads(100)
    with pytest.raises(OSError) as raised:
        for i in range(0, len(data), 6):
            part = data[i : i + 6]
            staged.add(
                serialize(part, format=RdfFormat.N_QUADS) or b"",
                serialize([q.triple for q in part], format=RdfFormat.N_TRIPLES) or b"",
            )
        staged.close()
    assert raised.value.errno == errno.EISDIR
    assert raised.value.filename == str(tmp_path / "dumps" / "data.ttl")
    staged.cancel()


KILLED = """
import sys, time
from pathlib import Path
from pyoxigraph import RdfFormat, serialize
from jkg.etl import staging
from tests.test_dumps import quads
staging.BLOCK = 10_000
Path(sys.argv[1]).mkdir()
staged = staging.Staged(Path(sys.argv[1]))
data = quads(100)
staged.add(serialize(data, format=RdfFormat.N_QUADS), serialize([q.triple for q in data], format=RdfFormat.N_TRIPLES))
print("staged", flush=True)
time.sleep(600)
"""


def test_the_children_end_with_a_killed_build(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    build = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(tmp_path / "build")],
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    try:
        assert build.stdout is not None and build.stdout.readline() == "staged\n"
        writers = children(build.pid)
        assert len(writers) == 2, "one child per dump"
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
        assert build.stdout is not None
        build.stdout.close()
    assert_exit(writers, "dump writers", 60)
