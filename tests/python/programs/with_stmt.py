log = []
class Ctx:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow
    def __enter__(self):
        log.append("enter " + self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        log.append("exit " + self.name + " " + (exc_type.__name__ if exc_type else "ok"))
        return self.swallow
with Ctx("a") as v, Ctx("b") as w:
    log.append(v + w)
with Ctx("s", swallow=True):
    raise ValueError("hidden")
try:
    with Ctx("p"):
        raise KeyError("shown")
except KeyError:
    log.append("caught")
result = log
