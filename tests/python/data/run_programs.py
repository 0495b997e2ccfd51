"""Runs each program given on the command line with CPython and prints, one
line per program, the JSON string of repr(result) (or of "error: <Type>:
<message>" when it raises): the reference the interpreter's differential
test compares with."""
import json
import sys

for path in sys.argv[1:]:
    namespace = {"__name__": "prog"}
    try:
        with open(path, encoding="utf-8") as f:
            exec(compile(f.read(), path, "exec"), namespace)
        out = repr(namespace["result"])
    except Exception as e:  # noqa: BLE001 - the reference reports any failure
        out = "error: %s: %s" % (type(e).__name__, e)
    print(json.dumps(out))
