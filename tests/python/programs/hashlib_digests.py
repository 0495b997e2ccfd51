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

# blake2b/blake2s with their parameter block, as projects hash content (a
# personalised, shortened, tree-mode blake2b), over inputs of 0, 1 and more
# blocks; a key; copy(); and hashlib's range errors.
tree = {"fanout": 0, "depth": 2, "digest_size": 32, "inner_size": 64}
leaves = [hashlib.blake2b(b"x" * n, person=b"str", node_depth=0, **tree) for n in (0, 1, 127, 128, 129, 300)]
blake = [leaf.hexdigest() for leaf in leaves]
final = hashlib.blake2b(node_depth=1, last_node=True, **tree)
final.update(b"".join(leaf.digest() for leaf in leaves))
blake += [final.hexdigest(), final.digest_size, final.block_size, final.name, final.copy().hexdigest()]
blake += [hashlib.blake2s(b"abc", key=b"secret", salt=b"pepper", person=b"me", digest_size=20).hexdigest(),
          hashlib.blake2b(b"", key=b"k" * 64).hexdigest(),
          hashlib.blake2s(leaf_size=4096, node_offset=2**40, fanout=2, depth=3).hexdigest(),
          hashlib.blake2b(b"abc", digest_size=16).hexdigest()]
blake_errors = [attempt(lambda: hashlib.blake2b(digest_size=65)), attempt(lambda: hashlib.blake2s(salt=b"s" * 9)),
                attempt(lambda: hashlib.blake2b(person=b"p" * 17)), attempt(lambda: hashlib.blake2b(depth=0)),
                attempt(lambda: hashlib.blake2b(inner_size=65)), attempt(lambda: hashlib.blake2s(key=b"k" * 33)),
                attempt(lambda: hashlib.blake2b(person="text")), attempt(lambda: hashlib.blake2b(data=b"x"))]
result = [pieces, each, named, token, errors, blake, blake_errors]
