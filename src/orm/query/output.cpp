#include "orm/query/output.hpp"

#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "orm/core/error.hpp"

namespace orm::query {

using session::ObjectPtr;
using session::ResultRow;
using session::Value;

Format parse_format(const std::string& name) {
    static const std::map<std::string, Format> formats = {{"table", Format::table}, {"json", Format::json},
                                                          {"ndjson", Format::ndjson}, {"csv", Format::csv},
                                                          {"tsv", Format::tsv}, {"repr", Format::repr}};
    auto it = formats.find(name);
    if (it == formats.end()) throw UsageError("unknown --format '" + name + "' (table, json, ndjson, csv, tsv, repr)");
    return it->second;
}

namespace {

std::string base64(const std::vector<std::uint8_t>& b) {
    static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < b.size(); i += 3) {
        unsigned n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
        out += t[n >> 18]; out += t[(n >> 12) & 63]; out += t[(n >> 6) & 63]; out += t[n & 63];
    }
    if (i + 1 == b.size()) {
        unsigned n = b[i] << 16;
        out += t[n >> 18]; out += t[(n >> 12) & 63]; out += "==";
    } else if (i + 2 == b.size()) {
        unsigned n = (b[i] << 16) | (b[i + 1] << 8);
        out += t[n >> 18]; out += t[(n >> 12) & 63]; out += t[(n >> 6) & 63]; out += '=';
    }
    return out;
}

// Python's isoformat(): "T" between date and time, microseconds only when not zero.
std::string iso(const Value& v) {
    const std::string& s = v.as_text();
    if (v.kind() == Value::Kind::date) return s;
    size_t clock = v.kind() == Value::Kind::datetime ? 11 : 0;
    std::string out = v.kind() == Value::Kind::datetime ? s.substr(0, 10) + "T" : "";
    out += s.substr(clock, 8);
    std::string frac = s.substr(clock + 9, 6);
    if (frac != "000000") out += "." + frac;
    out += s.substr(clock + 15);   // a "+HH:MM" offset, if any
    return out;
}

std::string real_text(double d) {
    std::string s = fmt::format("{}", d);
    if (s.find_first_of(".en") == std::string::npos) s += ".0";
    return s;
}

void json_string(const std::string& s, std::string& out) {
    out += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void json_value(const Value& v, std::string& out) {
    switch (v.kind()) {
        case Value::Kind::null: out += "null"; return;
        case Value::Kind::boolean: out += v.as_bool() ? "true" : "false"; return;
        case Value::Kind::integer: out += std::to_string(v.as_int()); return;
        case Value::Kind::real: {
            double d = v.as_double();
            // Python's json.dumps writes what JSON cannot hold as these words.
            if (d != d) out += "NaN";
            else if (d > 1.7976931348623157e308) out += "Infinity";
            else if (d < -1.7976931348623157e308) out += "-Infinity";
            else out += real_text(d);
            return;
        }
        case Value::Kind::decimal: out += v.as_text(); return;
        case Value::Kind::text: json_string(v.as_text(), out); return;
        case Value::Kind::date:
        case Value::Kind::datetime:
        case Value::Kind::time: json_string(iso(v), out); return;
        case Value::Kind::bytes: json_string(base64(v.as_bytes()), out); return;
        case Value::Kind::json: out += v.as_json().dump(); return;
    }
}

// The text of a value in csv / tsv / table cells (NULL is empty).
std::string plain(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::null: return "";
        case Value::Kind::boolean: return v.as_bool() ? "true" : "false";
        case Value::Kind::integer: return std::to_string(v.as_int());
        case Value::Kind::real: return real_text(v.as_double());
        case Value::Kind::decimal:
        case Value::Kind::text: return v.as_text();
        case Value::Kind::date:
        case Value::Kind::datetime:
        case Value::Kind::time: return iso(v);
        case Value::Kind::bytes: return base64(v.as_bytes());
        case Value::Kind::json: return v.as_json().dump();
    }
    return "";
}

// Python's repr of the value SQLAlchemy returns.
std::string repr(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::text: return dialect::Value(v.as_text()).repr();
        case Value::Kind::real: return dialect::Value(v.as_double()).repr();
        default: return v.repr();
    }
}

size_t display_width(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

class Printer {
public:
    Printer(const session::Query& q, Format format, std::ostream& out)
        : q_(q), format_(format), out_(out), layout_(q.layout()) {
        const auto& ents = q.entities();
        single_entity_ = ents.size() == 1 && ents[0].mapper;
        std::map<std::string, int> seen;
        auto unique = [&](std::string name) {
            if (name.empty()) name = "anon";
            int n = ++seen[name];
            return n == 1 ? name : name + "_" + std::to_string(n);
        };
        for (const auto& e : ents) labels_.push_back(unique(e.name));
        // Flat column labels (csv/tsv/table): entity columns under their keys.
        seen.clear();
        for (size_t i = 0; i < ents.size(); ++i) {
            if (ents[i].mapper)
                for (const auto& c : ents[i].mapper->columns()) flat_labels_.push_back(unique(c.key));
            else
                flat_labels_.push_back(labels_[i]);
        }
    }

    void list_begin() {
        if (format_ == Format::json) buf_ += "[";
        else if (format_ == Format::repr) buf_ += "[";
        else if (format_ != Format::ndjson) header();
    }

    void list_row(const ResultRow& row) {
        switch (format_) {
            case Format::json:
                buf_ += first_ ? "\n" : ",\n";
                row_json(row, buf_);
                break;
            case Format::ndjson:
                row_json(row, buf_);
                buf_ += "\n";
                break;
            case Format::repr:
                if (!first_) buf_ += ", ";
                buf_ += row_repr(row);
                break;
            default: flat_row(row); break;
        }
        first_ = false;
        if (buf_.size() > (1 << 16)) flush();
    }

    void list_end() {
        if (format_ == Format::json) buf_ += first_ ? "]\n" : "\n]\n";
        else if (format_ == Format::repr) buf_ += "]\n";
        else if (format_ == Format::table) table_out();
        flush();
    }

    // first() / one() / one_or_none() / get(): a row or None.
    void single_row(const std::optional<ResultRow>& row) {
        if (format_ == Format::json || format_ == Format::ndjson) {
            if (row) row_json(*row, buf_);
            else buf_ += "null";
            buf_ += "\n";
        } else if (format_ == Format::repr) {
            buf_ += row ? row_repr(*row) : "None";
            buf_ += "\n";
        } else {
            header();
            if (row) flat_row(*row);
            if (format_ == Format::table) table_out();
        }
        flush();
    }

    // scalar(): the first item of the row, or None.
    void scalar(const std::optional<ResultRow>& row) {
        if (format_ == Format::json || format_ == Format::ndjson || format_ == Format::repr) {
            if (!row) buf_ += format_ == Format::repr ? "None" : "null";
            else if (q_.entities()[0].mapper) item(*row, 0, format_ == Format::repr);
            else if (format_ == Format::repr) buf_ += repr(row->cells[0]);
            else json_value(row->cells[0], buf_);
            buf_ += "\n";
        } else {
            std::vector<std::string> saved = flat_labels_;
            if (!q_.entities()[0].mapper) flat_labels_ = {labels_[0]};
            header();
            if (row) {
                if (q_.entities()[0].mapper) {
                    ResultRow only = *row;
                    flat_labels_ = saved;
                    flat_row(only, 1);
                } else {
                    cells_out({plain(row->cells[0])});
                }
            }
            if (format_ == Format::table) table_out();
        }
        flush();
    }

    void count(std::int64_t n) {
        if (format_ == Format::json || format_ == Format::ndjson || format_ == Format::repr) {
            buf_ += std::to_string(n) + "\n";
        } else {
            flat_labels_ = {"count"};
            header();
            cells_out({std::to_string(n)});
            if (format_ == Format::table) table_out();
        }
        flush();
    }

    void flush() {
        out_ << buf_;
        buf_.clear();
    }

private:
    const Value& cell(const ResultRow& row, size_t e, size_t col) const {
        if (row.objects[e]) return row.objects[e]->get(col);
        return row.cells[layout_.offsets[e] + col];
    }

    bool entity_missing(const ResultRow& row, size_t e) const {
        if (row.objects[e]) return false;
        const auto* m = q_.entities()[e].mapper;
        for (size_t i : m->primary_key())
            if (!row.cells[layout_.offsets[e] + i].is_null()) return false;
        return true;
    }

    void object_json(const session::Object& o, const std::vector<session::EagerLoad>& loads, std::string& out) {
        out += "{";
        bool first = true;
        for (const auto& c : o.mapper().columns()) {
            out += first ? "" : ", ";
            first = false;
            json_string(c.key, out);
            out += ": ";
            json_value(o.get(c.index), out);
        }
        for (const auto& l : loads) {
            if (l.relationship->parent != &o.mapper()) continue;
            out += ", ";
            json_string(l.relationship->key, out);
            out += ": ";
            if (l.relationship->uselist) {
                out += "[";
                const auto& coll = o.collection(*l.relationship);
                for (size_t i = 0; i < coll.size(); ++i) {
                    if (i) out += ", ";
                    object_json(*coll[i], l.children, out);
                }
                out += "]";
            } else {
                auto r = o.related(*l.relationship);
                if (r) object_json(*r, l.children, out);
                else out += "null";
            }
        }
        out += "}";
    }

    void entity_json(const ResultRow& row, size_t e, std::string& out) {
        if (row.objects[e]) return object_json(*row.objects[e], q_.eager_loads(), out);
        if (entity_missing(row, e)) {
            out += "null";
            return;
        }
        out += "{";
        const auto* m = q_.entities()[e].mapper;
        for (size_t i = 0; i < m->columns().size(); ++i) {
            if (i) out += ", ";
            json_string(m->columns()[i].key, out);
            out += ": ";
            json_value(row.cells[layout_.offsets[e] + i], out);
        }
        out += "}";
    }

    void row_json(const ResultRow& row, std::string& out) {
        if (single_entity_) return entity_json(row, 0, out);
        out += "{";
        for (size_t e = 0; e < labels_.size(); ++e) {
            if (e) out += ", ";
            json_string(labels_[e], out);
            out += ": ";
            if (q_.entities()[e].mapper) entity_json(row, e, out);
            else json_value(row.cells[layout_.offsets[e]], out);
        }
        out += "}";
    }

    std::string entity_repr(const ResultRow& row, size_t e) {
        if (entity_missing(row, e)) return "None";
        const auto* m = q_.entities()[e].mapper;
        std::string out = "<" + m->class_name();
        for (size_t i = 0; i < m->columns().size(); ++i) out += " " + m->columns()[i].key + "=" + repr(cell(row, e, i));
        return out + ">";
    }

    std::string row_repr(const ResultRow& row) {
        if (single_entity_) return entity_repr(row, 0);
        std::string out = "(";
        for (size_t e = 0; e < labels_.size(); ++e) {
            if (e) out += ", ";
            out += q_.entities()[e].mapper ? entity_repr(row, e) : repr(row.cells[layout_.offsets[e]]);
        }
        if (labels_.size() == 1) out += ",";
        return out + ")";
    }

    void item(const ResultRow& row, size_t e, bool as_repr) {
        if (as_repr) buf_ += entity_repr(row, e);
        else entity_json(row, e, buf_);
    }

    void header() { cells_out(flat_labels_); }

    // The row's cells as text; `entities` limits it to the first n query items.
    void flat_row(const ResultRow& row, size_t entities = SIZE_MAX) {
        std::vector<std::string> cells;
        for (size_t e = 0; e < labels_.size() && e < entities; ++e) {
            if (const auto* m = q_.entities()[e].mapper) {
                bool missing = entity_missing(row, e);
                for (size_t i = 0; i < m->columns().size(); ++i) cells.push_back(missing ? "" : plain(cell(row, e, i)));
            } else {
                cells.push_back(plain(row.cells[layout_.offsets[e]]));
            }
        }
        cells_out(cells);
    }

    void cells_out(const std::vector<std::string>& cells) {
        if (format_ == Format::table) {
            table_.push_back(cells);
            return;
        }
        for (size_t i = 0; i < cells.size(); ++i) {
            if (i) buf_ += format_ == Format::csv ? ',' : '\t';
            const std::string& s = cells[i];
            if (format_ == Format::csv) {
                if (s.find_first_of(",\"\r\n") == std::string::npos) {
                    buf_ += s;
                } else {
                    buf_ += '"';
                    for (char c : s) {
                        if (c == '"') buf_ += '"';
                        buf_ += c;
                    }
                    buf_ += '"';
                }
            } else {
                for (char c : s) {
                    switch (c) {
                        case '\t': buf_ += "\\t"; break;
                        case '\n': buf_ += "\\n"; break;
                        case '\r': buf_ += "\\r"; break;
                        case '\\': buf_ += "\\\\"; break;
                        default: buf_ += c;
                    }
                }
            }
        }
        buf_ += '\n';
    }

    void table_out() {
        if (table_.empty()) return;
        std::vector<size_t> widths(table_[0].size(), 0);
        for (const auto& r : table_)
            for (size_t i = 0; i < r.size() && i < widths.size(); ++i) widths[i] = std::max(widths[i], display_width(r[i]));
        auto line = [&](const std::vector<std::string>& r) {
            std::string out;
            for (size_t i = 0; i < r.size(); ++i) {
                if (i) out += " | ";
                out += r[i];
                if (i + 1 < r.size()) out += std::string(widths[i] - display_width(r[i]), ' ');
            }
            buf_ += out + "\n";
        };
        line(table_[0]);
        std::string rule;
        for (size_t i = 0; i < widths.size(); ++i) rule += (i ? "-+-" : "") + std::string(widths[i], '-');
        buf_ += rule + "\n";
        for (size_t i = 1; i < table_.size(); ++i) line(table_[i]);
        size_t n = table_.size() - 1;
        buf_ += "(" + std::to_string(n) + (n == 1 ? " row)\n" : " rows)\n");
        table_.clear();
    }

    const session::Query& q_;
    Format format_;
    std::ostream& out_;
    session::RowLayout layout_;
    bool single_entity_ = false;
    std::vector<std::string> labels_;
    std::vector<std::string> flat_labels_;
    std::vector<std::vector<std::string>> table_;
    std::string buf_;
    bool first_ = true;
};

}  // namespace

void run_query(ReadQuery& rq, Format format, std::ostream& out) {
    session::Query& q = *rq.query;
    Printer p(q, format, out);
    switch (rq.terminal) {
        case Terminal::all: {
            // Objects (and the identity map) only when relationships are to be
            // attached; otherwise the converted values stream straight out.
            auto cur = q.iterate(!q.eager_loads().empty());
            p.list_begin();
            while (cur.next()) p.list_row(cur.row());
            p.list_end();
            return;
        }
        case Terminal::first: return p.single_row(q.first());
        case Terminal::one: return p.single_row(q.one());
        case Terminal::one_or_none: return p.single_row(q.one_or_none());
        case Terminal::scalar: return p.scalar(q.scalar());
        case Terminal::count: return p.count(q.count());
        case Terminal::get: {
            auto obj = q.get(rq.get_key);
            if (!obj) return p.single_row(std::nullopt);
            ResultRow row;
            row.cells = std::vector<Value>(obj->mapper().columns().size());
            for (size_t i = 0; i < row.cells.size(); ++i) row.cells[i] = obj->get(i);
            row.objects = {obj};
            return p.single_row(row);
        }
    }
}

}  // namespace orm::query
