"""What the corpus runners share for their output: a Markdown report goes to
the --out file, or to stdout when there is none."""
import sys


def write_report(text, out=None):
    if out:
        with open(out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
