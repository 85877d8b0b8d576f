"""Course commands.

For learners:
    python -m mlmath workspace   copy new exercise notebooks into my-work/ (never overwrites)
    python -m mlmath progress    run your notebooks in my-work/ and list which checks pass
Your notebooks are only read: progress runs a copy in memory.

For authors (see CONTRIBUTING.md):
    python -m mlmath new <chapter>/<NN-topic> "<Title>"   scaffold a section
    python -m mlmath solutions [NOTEBOOK ...]             execute solutions in place, regenerate exercises
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import nbformat

from mlmath import exercises
from mlmath.checking import PASS_MARK
from mlmath.course import ROOT
from mlmath.notebooks import CHECK_CALL, execute_in_place, find_notebooks, run_copy

EXERCISES = ROOT / "exercises"
WORKSPACE = ROOT / "my-work"


def workspace(exercises: Path = EXERCISES, work: Path = WORKSPACE) -> int:
    """Copy every exercise notebook the learner does not have yet into `work`."""
    added, kept = [], []
    for source in find_notebooks(exercises):
        target = work / source.relative_to(exercises)
        if target.exists():
            kept.append(target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            added.append(target)
    for path in added:
        print(f"added {path.relative_to(work.parent).as_posix()}")
    print(f"{work.name}/: {len(added)} new notebook(s) added, {len(kept)} of yours kept as they are.")
    return 0


def check_results(notebook: nbformat.NotebookNode) -> list[tuple[str, str, str]]:
    """(exercise, status, detail) for each check call in an executed notebook."""
    results = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for check, _ in CHECK_CALL.findall(cell.source):
            exercise = check.removeprefix("check_")
            status, detail = "not run", "an earlier cell stopped the notebook"
            for output in cell.get("outputs", []):
                if output.output_type == "stream" and f"{PASS_MARK} " in output.text:
                    status, detail = "pass", ""
                elif output.output_type == "error":
                    if output.ename == "NotImplementedYet":
                        status, detail = "todo", "not implemented yet"
                    else:
                        first_lines = " ".join(output.evalue.splitlines()[:2])
                        status, detail = "fail", f"{output.ename}: {first_lines}"
            results.append((exercise, status, detail))
    return results


def progress(folder: Path, timeout: int = 120) -> int:
    symbols = {"pass": PASS_MARK, "fail": "\u2718", "todo": "\u00b7", "not run": "?"}
    totals = dict.fromkeys(symbols, 0)
    paths = find_notebooks(folder)
    if not paths:
        print(f"No notebooks in {folder}. Run `make lab` (or `python -m mlmath workspace`) first.")
        return 1
    for path in paths:
        print(path.relative_to(folder).with_suffix("").as_posix(), flush=True)
        try:
            results = check_results(run_copy(path, timeout))
        except Exception as error:  # a broken notebook must not hide the others
            print(f"  could not run this notebook: {type(error).__name__}: {error}")
            continue
        for exercise, status, detail in results:
            totals[status] += 1
            print(f"  {symbols[status]} {exercise}" + (f": {detail[:160]}" if detail else ""))
    done = totals["pass"]
    print(f"\n{done} of {sum(totals.values())} exercises pass "
          f"({totals['fail']} failing, {totals['todo']} not started, {totals['not run']} not reached).")
    return 0


def new(name: str, title: str) -> int:
    """Scaffold a section, execute its solution and generate its exercise."""
    from mlmath.scaffold import ScaffoldError, new_section

    try:
        section = new_section(name, title)
    except ScaffoldError as error:
        print(f"Nothing was created: {error}", file=sys.stderr)
        return 2
    for path in (section.page, section.solution, section.check_file):
        print(f"created {path.relative_to(ROOT).as_posix()}")
    print("added its three pages to _toc.yml")
    status = run_solutions([section.solution])
    if status == 0:
        print(f"\nNext: write the page, the exercises and their checks (CONTRIBUTING.md), then\n"
              f"  make solutions NB={section.solution.relative_to(ROOT).as_posix()}\n  make test")
    return status


def run_solutions(paths: list[Path]) -> int:
    """Execute solution notebooks in place (no timestamps), then regenerate the exercises."""
    paths = [Path(p).resolve() for p in paths] or find_notebooks(ROOT / "solutions")
    failed = []
    for path in paths:
        print(f"executing {path.relative_to(ROOT).as_posix()}", flush=True)
        try:
            execute_in_place(path)
        except Exception as error:  # CellExecutionError carries the cell and its traceback
            failed.append(path)
            print(f"  failed: {type(error).__name__}: {error}"[:3000], file=sys.stderr)
    status = exercises.main([])
    return 1 if failed else status


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mlmath", description="Course commands for learners.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("workspace", help="copy new exercise notebooks into my-work/ (never overwrites yours)")
    progress_parser = commands.add_parser("progress", help="run your notebooks (a copy) and list passing checks")
    progress_parser.add_argument("folder", nargs="?", type=Path, default=WORKSPACE,
                                 help="folder of notebooks to run (default: my-work/)")
    progress_parser.add_argument("--timeout", type=int, default=120, help="seconds a cell may run (default 120)")
    new_parser = commands.add_parser("new", help="authors: scaffold a section (page, solution, checks, _toc.yml)")
    new_parser.add_argument("section", help="<chapter>/<NN-topic>, for example calculus/01-derivatives")
    new_parser.add_argument("title", help='the section title, for example "Derivatives"')
    solutions_parser = commands.add_parser("solutions", help="authors: execute solutions in place, regenerate exercises")
    solutions_parser.add_argument("notebooks", nargs="*", type=Path, help="solution notebooks (default: all)")
    args = parser.parse_args(argv)
    if args.command == "workspace":
        return workspace()
    if args.command == "new":
        return new(args.section, args.title)
    if args.command == "solutions":
        return run_solutions(args.notebooks)
    return progress(args.folder.resolve(), args.timeout)


if __name__ == "__main__":
    sys.exit(main())
