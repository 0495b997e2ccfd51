# base64: the standard and URL-safe alphabets, padding, altchars, str input
# to the decoders, base16, and binascii's errors (ValueError subclasses).
import base64

data = [b"", b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar", bytes(range(250, 256)) * 3]
encoded = [base64.b64encode(d) for d in data]
round_trip = [base64.b64decode(e) == d for e, d in zip(encoded, data)]
urlsafe = [base64.urlsafe_b64encode(d) for d in data]
back = [base64.urlsafe_b64decode(u.decode()) for u in urlsafe]
alt = [base64.b64encode(b"\xfb\xff", altchars=b"*-"), base64.b64decode("+/+/"), base64.standard_b64encode(b"\xff"),
       base64.standard_b64decode(b"/w=="), base64.b16encode(b"\x00\xab"), base64.b64decode(b"Zm9v\nYmFy")]

def attempt(f):
    try:
        return f()
    except (TypeError, ValueError) as e:
        return type(e).__name__ + ": " + str(e)

errors = [attempt(lambda: base64.b64encode("text")), attempt(lambda: base64.b64decode("Zm9")),
          attempt(lambda: base64.b64decode("Zm9vY")), attempt(lambda: base64.b64decode("é"))]
import binascii
caught = []
try:
    base64.b64decode("a")
except binascii.Error as e:
    caught.append(isinstance(e, ValueError))
result = [encoded, round_trip, urlsafe, back, alt, errors, caught]
