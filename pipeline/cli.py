"""The `pipeline` command: one thin function per command over the stages.

segment → translate → review → build; `pipeline build` brings everything up to date.
Each command imports its stage when it runs, so `--help` loads click and nothing more, and
a command pays for no other stage (QA, interchange, the report, the review server: 10 to
60 ms of imports each).
"""

from __future__ import annotations

import functools
import importlib
import json
import sys
from pathlib import Path

import click

from pipeline.core.errors import PipelineError


class _UserError(click.ClickException):
    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"Error: {self.message}", err=True)


def _common_options(command):
    """--project, --verbose and --quiet, which users put either side of the command name."""
    command = click.option("-q", "--quiet", is_flag=True, help="Print errors only.")(command)
    command = click.option("-v", "--verbose", count=True, help="Say more.")(command)
    return click.option(
        "--project",
        "root",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Project folder (default: the current one).",
    )(command)


class _Command(click.Command):
    """A command that also takes the common options after its name."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _common_options(self)  # click.option on a Command adds to its params

    def invoke(self, ctx: click.Context):
        options = {name: ctx.params.pop(name) for name in ("root", "verbose", "quiet")}
        ctx.find_object(Context).configure(**options)
        _fold_review_journals(ctx.find_object(Context).project)
        return super().invoke(ctx)


def _fold_review_journals(project) -> None:
    """Saves that a review server journaled and did not fold (it was killed) go into the
    stores before any command (see pipeline/store/journal.py)."""
    if not project.translations_dir.is_dir() or not any(project.translations_dir.glob(".*.po.journal")):
        return
    from pipeline import store

    try:
        with project.lock(wait=1, quiet=True):
            for doc in project.documents():
                store.fold(doc)
    except PipelineError:
        pass  # a running server holds the lock, or a store is damaged: the command reads it (and says so)


class _Group(click.Group):
    command_class = _Command
    group_class = type  # subgroups (`pipeline model …`) are _Groups too

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PipelineError as err:
            raise _UserError(str(err)) from err
        except KeyboardInterrupt:
            click.echo("Interrupted; files on disk are as they were before the last write.", err=True)
            sys.exit(130)


class Context:
    def __init__(self) -> None:
        self.verbosity = 0
        self.configure(root=Path("."))

    def configure(self, root: Path | None = None, verbose: int = 0, quiet: bool = False) -> None:
        """Apply the common options, given before the command name or after it."""
        from pipeline.core.project import Project

        if root is not None:
            if not root.is_dir():
                raise _UserError(f"{root}: no such project folder")
            self.project = Project(root)
        if quiet:
            self.verbosity = -1
        elif verbose:
            self.verbosity = verbose

    def say(self, message: str) -> None:
        """Normal output: shown unless --quiet."""
        if self.verbosity >= 0:
            click.echo(message)

    def detail(self, message: str) -> None:
        """Shown with --verbose only, on stderr so it never mixes with data."""
        if self.verbosity > 0:
            click.echo(message, err=True)


pass_context = click.make_pass_decorator(Context)


class _Names(click.Choice):
    """A choice among the names a stage's registry holds, read when a command checks a value
    or shows its own help: `pipeline --help` imports no stage (the editions' registry alone
    brings the model, a fifth of its start-up)."""

    def __init__(self, registry: str, first: tuple[str, ...] = ()) -> None:
        self.registry, self.first, self.case_sensitive = registry, first, True

    @functools.cached_property
    def choices(self) -> tuple[str, ...]:
        module, name = self.registry.rsplit(".", 1)
        return (*self.first, *getattr(importlib.import_module(module), name))


def _engine_options(command):
    """The engines' settings a run may give on the command line (see docs/engines.md),
    which `translate` and `build` both take."""
    command = click.option(
        "--apy-url",
        metavar="URL",
        help="The Apertium APY server for the apy engine (else PIPELINE_APY_URL, else pyproject.toml).",
    )(command)
    command = click.option(
        "--llm-model", help="The llm engine's model, as the server names it (default: its only one)."
    )(command)
    return click.option(
        "--llm-url",
        help="The llm engine's OpenAI-compatible server, e.g. http://localhost:11434/v1 (Ollama); "
        "overrides PIPELINE_LLM_URL and pyproject.toml.",
    )(command)


def _engine_settings(llm_url: str | None, llm_model: str | None, apy_url: str | None) -> dict[str, dict]:
    return {"llm": {"url": llm_url, "model": llm_model}, "apy": {"url": apy_url}}


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@_common_options
@click.version_option(package_name="pipeline")
@click.pass_context
def cli(ctx: click.Context, root: Path | None, verbose: int, quiet: bool) -> None:
    """Translate French Markdown articles into English offline and publish bilingual editions.

    Workflow: add → segment → translate → review → build. `pipeline build` runs whatever is
    out of date. The options below may also follow the command's name.
    """
    ctx.obj = Context()
    ctx.obj.configure(root, verbose, quiet)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", help="The document's name: source/NAME.fr.md (default: from the file's name).")
@pass_context
def add(ctx: Context, file: Path, name: str | None) -> None:
    """Turn FILE (.docx, .odt, .epub, .html, .htm, .md, .txt) into a source and segment it.

    Keeps the text, its structure, notes, images (source/NAME/media/) and metadata, drops
    what is only packaging and says so in the front matter. Adding a changed file again
    updates the source; its translations are kept, as for a hand edit.
    """
    from pipeline import build as stage

    stage.add(ctx.project, file, name, _reporter(ctx))


@cli.command()
@click.argument("docs", nargs=-1)
@pass_context
def segment(ctx: Context, docs: tuple[str, ...]) -> None:
    """Split sources into sentence segments and update translations/ (all documents by default).

    Unchanged sentences keep their translations; changed ones keep theirs, marked for
    review; removed ones are kept as obsolete.
    """
    from pipeline import build as stage

    stage.segment(ctx.project, docs, _reporter(ctx))


@cli.command()
@click.argument("docs", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Every segment with id, source, target, state, engine, flags.")
@pass_context
def status(ctx: Context, docs: tuple[str, ...], as_json: bool) -> None:
    """Show segment counts by state for each document."""
    from pipeline import store

    report = []
    for doc in ctx.project.documents(docs):
        segments = store.load(doc)
        report.append((doc, segments, store.counts(segments)))
    if as_json:
        click.echo(
            json.dumps(
                {
                    "documents": [
                        {
                            "name": doc.name,
                            "source": str(doc.source.relative_to(ctx.project.root)),
                            "store": str(doc.store.relative_to(ctx.project.root)),
                            "counts": counts,
                            "segments": [store.as_json(s) for s in store.active(segments)],
                            "obsolete": sum(s.obsolete for s in segments),
                        }
                        for doc, segments, counts in report
                    ]
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    for doc, _, counts in report:
        if not doc.store.exists():
            ctx.say(f"{doc.name}: not segmented yet (run `pipeline segment`)")
            continue
        total = sum(counts.values())
        parts = ", ".join(f"{n} {state}" for state, n in counts.items() if n)
        ctx.say(f"{doc.name}: {total} segments: {parts}")


@cli.command()
@click.argument("docs", nargs=-1)
@click.option(
    "--engine",
    type=_Names("pipeline.engines.ENGINES", first=("auto",)),
    default="auto",
    show_default=True,
    help="auto: the best available engine (a configured LLM server, else Argos, else a configured "
    "Apertium APY server, else Apertium); memory: translation memory only.",
)
@click.option("--dry-run", is_flag=True, help="List what would be translated; change nothing.")
@click.option(
    "--redraft", is_flag=True, help="Also draft again every untouched machine draft (the old one goes to its history)."
)
@click.option("--only-flagged", is_flag=True, help="With --redraft: only the machine drafts that have flags.")
@_engine_options
@pass_context
def translate(
    ctx: Context,
    docs: tuple[str, ...],
    engine: str,
    dry_run: bool,
    redraft: bool,
    only_flagged: bool,
    llm_url: str | None,
    llm_model: str | None,
    apy_url: str | None,
) -> None:
    """Fill the segments that need a translation: translation memory first, then ENGINE.

    Reviewed and human-edited targets are never touched; an untouched machine draft is
    replaced by an exact match from the reviewed segments, and with --redraft drafted
    again (after a glossary change, or with a better engine). Every draft is checked
    against glossary.yaml and what does not follow it is flagged.
    """
    from pipeline import build as stage

    if only_flagged and not redraft:
        raise click.UsageError("--only-flagged goes with --redraft")
    stage.translate(
        ctx.project,
        docs,
        engine,
        dry_run=dry_run,
        redraft=redraft,
        only_flagged=only_flagged,
        settings=_engine_settings(llm_url, llm_model, apy_url),
        report=_reporter(ctx),
    )


def _reporter(ctx: Context):
    """The build stage's ``Reporter``: messages unless --quiet, progress as the terminal allows."""
    from pipeline.build import Reporter

    editions_progress = _editions_progress if sys.stderr.isatty() and ctx.verbosity >= 0 else None
    return Reporter(say=ctx.say, translated=_progress(ctx), built=editions_progress)


def _progress(ctx: Context):
    """A progress bar on a terminal, plain lines otherwise."""
    if ctx.verbosity < 0:
        return None
    if sys.stdout.isatty():
        state = {}

        def bar(done: int, total: int) -> None:
            if "bar" not in state:
                state["bar"] = click.progressbar(length=total, label="translating", show_pos=True)
                state["bar"].__enter__()
            state["bar"].update(done - state["bar"].pos)
            if done >= total:
                state["bar"].__exit__(None, None, None)

        return bar
    return lambda done, total: click.echo(f"translated {done}/{total} segments")


@cli.command()
@click.argument("docs", nargs=-1)
@click.option(
    "--edition",
    "editions",
    multiple=True,
    type=_Names("pipeline.editions.EDITIONS"),
    help="Only this edition (repeatable; default: all three).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=_Names("pipeline.editions.FORMATS"),
    help="Only this format (repeatable; default: all three).",
)
@click.option("--require-reviewed", is_flag=True, help="Refuse to build English editions with unreviewed segments.")
@click.option("--validate", is_flag=True, help="Run EPUBCheck, the Nu HTML Checker and the PDF checks on the outputs.")
@click.option("--jobs", type=click.IntRange(1), default=None, help="Outputs built at once (default: the cores).")
@click.option("--require-clean", is_flag=True, help="Refuse to build while `pipeline qa` reports errors.")
@click.option("--no-translate", is_flag=True, help="Build the editions from the store as it is, without translating.")
@_engine_options
@pass_context
def build(
    ctx: Context,
    docs: tuple[str, ...],
    editions: tuple[str, ...],
    formats: tuple[str, ...],
    require_reviewed: bool,
    validate: bool,
    jobs: int | None,
    require_clean: bool,
    no_translate: bool,
    llm_url: str | None,
    llm_model: str | None,
    apy_url: str | None,
) -> None:
    """Bring everything up to date: segments, translations, then the editions whose inputs changed.

    For each document: dist/<doc>.{en,fr,fr-en}.{epub,pdf,html}. With --llm-url or
    --llm-model, the drafts come from that LLM server (or the build stops, saying why).
    """
    from pipeline import build as stage

    outputs = stage.build(
        ctx.project,
        docs,
        editions=editions,
        formats=formats,
        draft=not no_translate,
        require_reviewed=require_reviewed,
        require_clean=require_clean,
        validate=validate,
        jobs=jobs,
        engine="llm" if llm_url or llm_model else "apy" if apy_url else "auto",
        settings=_engine_settings(llm_url, llm_model, apy_url),
        report=_reporter(ctx),
    )
    invalid = [o for o in outputs if not o.valid]
    if invalid:
        click.echo(f"Error: {len(invalid)} output(s) failed validation (see above)", err=True)
        click.get_current_context().exit(1)


def _editions_progress(done: int, total: int, name: str) -> None:
    """A one-line progress display on a terminal, erased when the last output is written."""
    if not total:
        return
    line = f"building editions: {done}/{total}" + (f"  {name}" if name else "")
    click.echo(f"\r\033[K{line}", nl=False, err=True)
    if done == total:
        click.echo("\r\033[K", nl=False, err=True)


@cli.group()
def model() -> None:
    """Argos neural models: install (from a file, or downloaded from the Argos index) and list.

    Models live in $ARGOS_PACKAGES_DIR (default ~/.local/share/argos-translate/packages),
    shared with argostranslate itself.
    """


@model.command("install")
@click.argument("archive", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--from-index",
    "pair",
    nargs=2,
    metavar="FROM TO",
    help="Download the model for this pair from the Argos package index (needs the network).",
)
@pass_context
def model_install(ctx: Context, archive: Path | None, pair: tuple[str, str] | None) -> None:
    """Install an Argos model from ARCHIVE (a .argosmodel file) or, with --from-index fr en, download it."""
    from pipeline.engines import packages

    if (archive is None) == (not pair):
        raise click.UsageError("give either a .argosmodel file or --from-index fr en")
    if pair:
        ctx.detail(f"downloading the {pair[0]}→{pair[1]} model from the Argos package index…")
        pkg = packages.install_from_index(*pair)
    else:
        pkg = packages.install_file(archive)
    ctx.say(f"installed {pkg.describe()} ({pkg.from_code}→{pkg.to_code}) in {pkg.path}")


@model.command("list")
@pass_context
def model_list(ctx: Context) -> None:
    """List the installed Argos models; the one `translate` uses is marked with *."""
    from pipeline.engines import packages

    found = packages.installed()
    if not found:
        ctx.say(
            f"no Argos models in {packages.packages_dir()}; install one with "
            "`pipeline model install --from-index fr en` or `pipeline model install FILE.argosmodel`"
        )
        return
    used = packages.find()
    for pkg in found:
        mark = "*" if used and pkg.path == used.path else " "
        ctx.say(f"{mark} {pkg.name:<20} {pkg.from_code}→{pkg.to_code}  version {pkg.version or '?':<8} {pkg.path}")


@cli.command("qa")
@click.argument("docs", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@pass_context
def qa_command(ctx: Context, docs: tuple[str, ...], fmt: str) -> None:
    """Check every translated segment (tags, numbers, leftover French, glossary…); exit 1 on errors.

    Checks can be switched off or given another severity in the project's pyproject.toml,
    under [tool.pipeline.qa] (see docs/guide.md, "Quality checks").
    """
    from pipeline import qa
    from pipeline.qa.report import as_json, as_text

    found = qa.run(ctx.project, ctx.project.documents(docs))
    click.echo(as_json(found) if fmt == "json" else as_text(found))
    if any(issue.severity == "error" for issues in found.values() for issue in issues):
        sys.exit(1)


@cli.command("export")
@click.argument("docs", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=_Names("pipeline.interchange.FORMATS"),
    required=True,
    help="XLIFF 1.2 (the store), TMX 1.4b (reviewed pairs) or TBX (the glossary).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="One file for everything (default: dist/<doc>.fr-en-GB.<ext>).",
)
@pass_context
def export_command(ctx: Context, docs: tuple[str, ...], fmt: str, output: Path | None) -> None:
    """Export the store (or the glossary) for CAT and terminology tools."""
    from pipeline import interchange

    for path in interchange.export(ctx.project, fmt, ctx.project.documents(docs) if fmt != "tbx" else [], output):
        ctx.say(f"wrote {path}")


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@pass_context
def import_command(ctx: Context, file: Path) -> None:
    """Bring an XLIFF file edited in a CAT tool back into the store.

    A reviewed target is never overwritten: a different target for it is kept in a note
    and the segment is marked needs-review (see docs/guide.md, "Interchange").
    """
    from pipeline.interchange.importer import import_file

    for changes in import_file(ctx.project, file):
        ctx.say(
            f"{changes.document}: {len(changes.targets)} targets updated, {len(changes.states)} states changed, "
            f"{len(changes.notes)} notes added, {len(changes.conflicts)} conflicts"
            f"{'' if changes.written else '; store unchanged'}"
        )
        for segment_id, what in changes.conflicts:
            ctx.say(f"  conflict {segment_id}: {what}")
        for segment_id in changes.targets:
            ctx.detail(f"  updated {segment_id}")


@cli.command("report")
@click.argument("docs", nargs=-1)
@pass_context
def report_command(ctx: Context, docs: tuple[str, ...]) -> None:
    """Summarise states, engines, glossary accuracy, QA and post-edit distance; write dist/report.html."""
    from pipeline import report
    from pipeline.core.fileio import write_atomic

    summaries, overall = report.run(ctx.project, ctx.project.documents(docs))
    path = ctx.project.dist_dir / "report.html"
    write_atomic(path, report.as_html(summaries, overall))
    ctx.say(report.as_text(summaries, overall))
    ctx.say(f"wrote {path}")


@cli.command()
@click.argument("doc", required=False)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; keep the default unless you mean to share.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@click.option("--export", is_flag=True, help="Write the read-only page dist/<doc>.review.html instead of serving.")
@click.option("--reviewer", default=None, help="Your name on saves and comments (default: git's user.name, or login).")
@click.option(
    "--propagate",
    type=click.Choice(["ask", "always", "never"]),
    default="ask",
    show_default=True,
    help="After an approval, give its English to the identical sentences not yet reviewed.",
)
@pass_context
def review(
    ctx: Context,
    doc: str | None,
    host: str,
    port: int,
    open_browser: bool,
    export: bool,
    reviewer: str | None,
    propagate: str,
) -> None:
    """Review and post-edit translations side by side in a local web page.

    Opens DOC first (the page can switch to any document of the project). Prints the
    URL, with its secret token, and serves until Ctrl+C. Every save is on disk before
    the page shows it as saved. With --export, writes the read-only dist/<doc>.review.html
    (for DOC, or every document) and exits.
    """
    from pipeline import review as reviewing

    if export:
        from pipeline.review import export as exporting

        for d in ctx.project.documents([doc] if doc else []):
            ctx.say(f"{d.name}: {exporting.write(ctx.project, d).relative_to(ctx.project.root)}")
        return
    reviewing.serve(
        ctx.project,
        doc,
        host,
        port,
        open_browser,
        reviewer,
        propagate,
        say=ctx.say,
        warn=lambda m: click.echo(m, err=True),
    )


def main() -> None:
    cli(prog_name="pipeline")
