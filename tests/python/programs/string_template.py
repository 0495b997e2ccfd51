# string.Template: $name, ${name}, $$, substitute() and safe_substitute(), errors.
from string import Template

t = Template("DROP TRIGGER IF EXISTS autoupdate_tc ON $links;\nCREATE TABLE ${closure}_x (id int); -- $$1")
out = [t.substitute(links="db_dblink", closure="db_dbpath")]
out.append(t.substitute({"links": "a", "closure": "b"}, closure="c"))
out.append(Template("$who likes $what").safe_substitute(who="tim"))
out.append(Template("${who} $ 5 $").safe_substitute({"who": "x"}))
try:
    Template("$missing").substitute()
except KeyError as e:
    out.append("KeyError " + str(e))
try:
    Template("line one\n  bad $ here").substitute()
except ValueError as e:
    out.append("ValueError " + str(e))
try:
    Template("${unclosed").substitute(unclosed=1)
except ValueError as e:
    out.append("ValueError " + str(e))
out.append(Template("$a$b_c ${a}b").substitute(a=1, b_c=2))
result = out
