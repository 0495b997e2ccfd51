# hashlib: constructors, new(), update() in pieces, copy(), attributes, and
# the errors hashlib raises for str data and unknown names.
import hashlib

h = hashlib.sha256(b"abc")
h.update(b"def")
c = h.copy()
c.update(b"!")
pieces = [h.hexdigest(), c.hexdigest(), h.digest()[:4], h.name, h.digest_size, h.block_size]

each = [(n, getattr(hashlib, n)(b"orm").hexdigest()) for n in
        ["md5", "sha1", "sha224", "sha384", "sha512", "sha3_256", "blake2b", "blake2s"]]
named = [hashlib.new("SHA1", b"x").hexdigest(), hashlib.new("md5").name, hashlib.md5(usedforsecurity=False).hexdigest()]
token = "sha256$" + hashlib.sha256("pässword".encode("utf-8")).hexdigest()[:16]

def attempt(f):
    try:
        return f()
    except (TypeError, ValueError) as e:
        return type(e).__name__ + ": " + str(e)

errors = [attempt(lambda: hashlib.sha256("text")), attempt(lambda: hashlib.md5().update("x")),
          attempt(lambda: hashlib.new("nosuch"))]
result = [pieces, each, named, token, errors]
