log = []
class AppError(Exception):
    pass
class Specific(AppError):
    def __init__(self, code):
        super().__init__(f"code {code}")
        self.code = code
def risky(n):
    if n == 0:
        raise Specific(7)
    if n == 1:
        raise KeyError("k")
    if n == 2:
        return {}["missing"]
    return n
for n in range(4):
    try:
        log.append(risky(n))
    except AppError as e:
        log.append(("app", str(e), e.code, e.args))
    except KeyError as e:
        log.append(("key", repr(e), str(e), e.args))
    else:
        log.append("else")
    finally:
        log.append("finally")
def nested():
    try:
        try:
            raise ValueError("inner")
        except ValueError:
            raise RuntimeError("outer") from None
    except RuntimeError as e:
        return str(e)
def finally_return():
    try:
        return "try"
    finally:
        log.append("cleanup")
def reraise():
    try:
        [][1]
    except IndexError:
        try:
            raise
        except IndexError as e:
            return type(e).__name__ + ": " + str(e)
a = [nested(), finally_return(), reraise()]
try:
    int("x")
except (TypeError, ValueError) as e:
    a.append(str(e))
try:
    assert 1 == 2, "math"
except AssertionError as e:
    a.append(str(e))
try:
    undefined_name
except NameError as e:
    a.append(str(e))
try:
    None.attr
except AttributeError as e:
    a.append(str(e))
try:
    1 / 0
except ZeroDivisionError as e:
    a.append(str(e))
try:
    "a" + 1
except TypeError as e:
    a.append(str(e))
e = Exception("x", 1)
a.append(repr(e))
a.append(str(Exception()))
a.append(isinstance(KeyError(), LookupError))
result = [log, a]
