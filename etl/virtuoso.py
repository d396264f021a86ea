"""`jkg publish --to … --bulk-dir DIR`: Virtuoso's bulk loader, the fast path into Virtuoso (1M triples in ~5 s
against ~7 s for one PUT and minutes for thousands of small ones).

The build is written as one gzipped N-Quads file, each quad in its graph's store name, into a folder Virtuoso can
read (listed in its ini's DirsAllowed: on the Virtuoso host, or a volume both see); then, through Virtuoso's ISQL
as dba: the build's graphs cleared (the loader adds to graphs, it does not replace them), `ld_dir` registers the
file, `rdf_loader_run()` loads it, `checkpoint` makes it durable, and DB.DBA.load_list must show no error. The
loader is not transactional: that is why a build always loads under graph names of its own, which no front reads
until the manifest names them. The dba password goes to isql on its standard input (isql first tries an empty
one, which Virtuoso's log records as an incorrect login), never on the command line where `ps` would show it.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from pyoxigraph import NamedNode, Quad, RdfFormat, serialize

from jkg.etl.upload import Build, Loader, Progress, PublishError, Target
from jkg.sparqlhttp import Client

ISQL_BINARIES = ("isql-vt", "isql")  # Debian renames Virtuoso's isql (unixODBC has one too)


@dataclass(frozen=True)
class BulkLoader(Loader):
    folder: Path  # where the N-Quads file is written
    server_folder: str  # the same folder as Virtuoso sees it (one of its DirsAllowed)
    isql: str  # host:port of Virtuoso's ISQL listener
    password: str  # dba's
    timeout: float = 3600.0

    def load(self, build: Build, target: Target, client: Client, progress: Progress) -> None:
        name = f"jkg-{build.name}.nq.gz"
        path = self.folder / name
        try:
            with gzip.open(path, "wb", compresslevel=1) as out:
                for graph in progress(build.graphs):
                    store_name = NamedNode(build.engine_name(graph))
                    quads = (
                        Quad(q.subject, q.predicate, q.object, store_name)
                        for q in build.store.quads_for_pattern(None, None, None, graph)
                    )
                    serialize(quads, cast(IO[bytes], out), RdfFormat.N_QUADS)
            server_file = self.server_folder.rstrip("/") + "/" + name
            clear = "".join(f"SPARQL CLEAR GRAPH <{build.engine_name(g)}>;\n" for g in build.graphs)
            self.run(
                f"{clear}DELETE FROM DB.DBA.load_list WHERE ll_file = {_sql(server_file)};\n"
                f"ld_dir({_sql(self.server_folder)}, {_sql(name)}, {_sql(build.engine_name(build.graphs[0]))});\n"
                "rdf_loader_run();\ncheckpoint;\n"
            )
            state = self.run(
                f"SELECT ll_state, ll_error FROM DB.DBA.load_list WHERE ll_file = {_sql(server_file)};\n"
            ).split()
        finally:
            path.unlink(missing_ok=True)
        if not state:
            raise PublishError(
                f"Virtuoso did not register {server_file}: is {self.server_folder} where Virtuoso sees {self.folder}, "
                "and is it listed in DirsAllowed in its virtuoso.ini?"
            )
        if state[0] != "2" or (len(state) > 1 and state[1] != "NULL"):
            raise PublishError(f"Virtuoso's bulk loader failed on {server_file}: {' '.join(state[1:])[:500]}")

    def run(self, sql: str) -> str:
        """SQL through isql as dba; PublishError with Virtuoso's message when a statement fails."""
        binary = next((b for b in ISQL_BINARIES if shutil.which(b)), None)
        if binary is None:
            raise PublishError(
                "the bulk loader needs Virtuoso's isql (isql-vt, Debian package virtuoso-opensource-7-bin)"
            )
        host, _, port = self.isql.rpartition(":")
        command = [binary, "-H", host or "127.0.0.1", "-S", port, "-U", "dba"]
        command += ["VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ERRORS=STDOUT"]
        try:
            done = subprocess.run(
                command,
                input=(self.password + "\n" + sql).encode("utf-8"),
                capture_output=True,
                timeout=self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise PublishError(f"Virtuoso's isql at {self.isql} did not finish in {self.timeout:.0f} s") from None
        out = done.stdout.decode("utf-8", "replace")
        # isql tries an empty password first (refused: CL034), then reads the real one from standard input.
        if out.count("CL034") > 1 or (done.returncode != 0 and "CL034" in out):
            raise PublishError(f"Virtuoso's isql at {self.isql}: bad login; check the dba password")
        errors = [part for part in out.split("*** Error")[1:] if "CL034" not in part]
        if errors or done.returncode != 0:
            detail = (errors[0] if errors else out[-500:] or done.stderr.decode("utf-8", "replace")[-500:]).strip()
            raise PublishError(f"Virtuoso's isql at {self.isql} failed: {detail[:500]}")
        lines = out.split("at line 0 of Top-Level:", 1)[-1].splitlines()
        return "\n".join(line for line in lines if line.strip())


def _sql(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
