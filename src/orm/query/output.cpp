#include "orm/query/output.hpp"

#include <algorithm>
#include <map>

#include "orm/core/error.hpp"
#include "orm/query/cells.hpp"
#include "orm/query/table_layout.hpp"

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

class Printer {
public:
    Printer(const session::Query& q, Format format, std::ostream& out, const TableOptions& table)
        : q_(q), format_(format), out_(out), layout_(q.layout()), table_options_(table) {
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
        if (buf_.size() > kFlushAt) flush();
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
            else if (format_ == Format::repr) buf_ += python_repr(row->cells[0]);
            else append_json(row->cells[0], buf_);
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
        out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
        buf_.clear();
    }

    // The formats whose all() rows are written straight from the driver's cells.
    static bool streams_raw(Format f) {
        return f == Format::json || f == Format::ndjson || f == Format::csv || f == Format::tsv || f == Format::table;
    }

    // Before list_row_raw(): the driver's type name per cell.
    void read_raw(const std::vector<std::string>& driver_types) {
        readers_.clear();
        for (size_t i = 0; i < layout_.types.size(); ++i)
            readers_.emplace_back(layout_.types[i], i < driver_types.size() ? driver_types[i] : std::string());
        json_keys_.assign(q_.entities().size(), {});
        for (size_t e = 0; e < q_.entities().size(); ++e) {
            if (const auto* m = q_.entities()[e].mapper)
                for (size_t i = 0; i < m->columns().size(); ++i) {
                    std::string key = i ? ", " : "{";
                    append_json_string(m->columns()[i].key, key);
                    json_keys_[e].push_back(key + ": ");
                }
        }
        json_labels_.clear();
        for (size_t e = 0; e < labels_.size(); ++e) {
            std::string key = e ? ", " : "{";
            append_json_string(labels_[e], key);
            json_labels_.push_back(key + ": ");
        }
    }

    // One row of all() from the driver's cells (every format but repr).
    void list_row_raw(const dialect::Row& raw) {
        switch (format_) {
            case Format::json:
                buf_ += first_ ? "\n" : ",\n";
                raw_json(raw);
                break;
            case Format::ndjson:
                raw_json(raw);
                buf_ += '\n';
                break;
            default: raw_flat(raw); break;
        }
        first_ = false;
        if (buf_.size() > kFlushAt) flush();
    }

private:
    static constexpr size_t kFlushAt = 1 << 18;

    // An entity whose primary key cells are all NULL: the missing side of an outer join.
    bool raw_missing(const dialect::Row& raw, size_t e) const {
        for (size_t i : q_.entities()[e].mapper->primary_key())
            if (!raw[layout_.offsets[e] + i].is_null()) return false;
        return true;
    }

    void raw_json_cell(const dialect::Row& raw, size_t i) {
        if (auto t = readers_[i].read(raw[i])) {
            switch (t->as) {
                case CellText::As::null: buf_ += "null"; break;
                case CellText::As::number: buf_ += t->text; break;
                case CellText::As::string: append_json_string(t->text, buf_); break;
            }
            return;
        }
        append_json(readers_[i].convert(raw[i]), buf_);
    }

    void raw_entity_json(const dialect::Row& raw, size_t e) {
        if (raw_missing(raw, e)) {
            buf_ += "null";
            return;
        }
        size_t off = layout_.offsets[e];
        const auto& keys = json_keys_[e];
        for (size_t i = 0; i < keys.size(); ++i) {
            buf_ += keys[i];
            raw_json_cell(raw, off + i);
        }
        buf_ += '}';
    }

    void raw_json(const dialect::Row& raw) {
        if (single_entity_) return raw_entity_json(raw, 0);
        for (size_t e = 0; e < labels_.size(); ++e) {
            buf_ += json_labels_[e];
            if (q_.entities()[e].mapper) raw_entity_json(raw, e);
            else raw_json_cell(raw, layout_.offsets[e]);
        }
        buf_ += '}';
    }

    void raw_flat_cell(const dialect::Row& raw, size_t i) {
        auto field = format_ == Format::csv ? append_csv_field : append_tsv_field;
        if (auto t = readers_[i].read(raw[i])) {
            if (t->as != CellText::As::null) field(t->text, buf_);
            return;
        }
        field(plain(readers_[i].convert(raw[i])), buf_);
    }

    std::string raw_plain(const dialect::Row& raw, size_t i) {
        if (auto t = readers_[i].read(raw[i])) return std::string(t->text);
        return plain(readers_[i].convert(raw[i]));
    }

    void raw_flat(const dialect::Row& raw) {
        if (format_ == Format::table) {
            row_cells_.clear();
            for (size_t e = 0; e < labels_.size(); ++e) {
                size_t off = layout_.offsets[e];
                if (const auto* m = q_.entities()[e].mapper) {
                    bool missing = raw_missing(raw, e);
                    for (size_t i = 0; i < m->columns().size(); ++i)
                        row_cells_.push_back(missing ? std::string() : raw_plain(raw, off + i));
                } else {
                    row_cells_.push_back(raw_plain(raw, off));
                }
            }
            return table_row(row_cells_);
        }
        char sep = format_ == Format::csv ? ',' : '\t';
        bool first = true;
        for (size_t e = 0; e < labels_.size(); ++e) {
            size_t off = layout_.offsets[e];
            if (const auto* m = q_.entities()[e].mapper) {
                bool missing = raw_missing(raw, e);
                for (size_t i = 0; i < m->columns().size(); ++i) {
                    if (!first) buf_ += sep;
                    first = false;
                    if (!missing) raw_flat_cell(raw, off + i);
                }
            } else {
                if (!first) buf_ += sep;
                first = false;
                raw_flat_cell(raw, off);
            }
        }
        buf_ += '\n';
    }

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
            append_json_string(c.key, out);
            out += ": ";
            append_json(o.get(c.index), out);
        }
        // Relationships as SQLAlchemy's mapper lists them: those declared on
        // the class, then the backrefs other classes gave it.
        std::vector<const session::EagerLoad*> ordered;
        for (bool backrefs : {false, true})
            for (const auto& rel : o.mapper().relationships()) {
                if (rel->is_backref != backrefs) continue;
                for (const auto& l : loads)
                    if (l.relationship == rel.get()) ordered.push_back(&l);
            }
        for (const auto* lp : ordered) {
            const auto& l = *lp;
            out += ", ";
            append_json_string(l.relationship->key, out);
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
            append_json_string(m->columns()[i].key, out);
            out += ": ";
            append_json(row.cells[layout_.offsets[e] + i], out);
        }
        out += "}";
    }

    void row_json(const ResultRow& row, std::string& out) {
        if (single_entity_) return entity_json(row, 0, out);
        out += "{";
        for (size_t e = 0; e < labels_.size(); ++e) {
            if (e) out += ", ";
            append_json_string(labels_[e], out);
            out += ": ";
            if (q_.entities()[e].mapper) entity_json(row, e, out);
            else append_json(row.cells[layout_.offsets[e]], out);
        }
        out += "}";
    }

    std::string entity_repr(const ResultRow& row, size_t e) {
        if (entity_missing(row, e)) return "None";
        const auto* m = q_.entities()[e].mapper;
        std::string out = "<" + m->class_name();
        for (size_t i = 0; i < m->columns().size(); ++i) out += " " + m->columns()[i].key + "=" + python_repr(cell(row, e, i));
        return out + ">";
    }

    std::string row_repr(const ResultRow& row) {
        if (single_entity_) return entity_repr(row, 0);
        std::string out = "(";
        for (size_t e = 0; e < labels_.size(); ++e) {
            if (e) out += ", ";
            out += q_.entities()[e].mapper ? entity_repr(row, e) : python_repr(row.cells[layout_.offsets[e]]);
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
        if (format_ == Format::table) return table_row(cells);
        for (size_t i = 0; i < cells.size(); ++i) {
            if (i) buf_ += format_ == Format::csv ? ',' : '\t';
            if (format_ == Format::csv) append_csv_field(cells[i], buf_);
            else append_tsv_field(cells[i], buf_);
        }
        buf_ += '\n';
    }

    // table: the header and the first kTableSample rows are held to size the
    // columns; later rows print as they come, padded to those widths (a wider
    // cell pushes the rest of its line right, or is cut under a width limit).
    static constexpr size_t kTableSample = 1000;

    void table_row(const std::vector<std::string>& cells) {
        if (widths_.empty()) {
            table_.push_back(cells);
            if (table_.size() > kTableSample) table_start();
            return;
        }
        ++table_rows_;
        if (expanded_) record(cells, table_rows_);
        else table_line(cells);
        if (buf_.size() > kFlushAt) flush();
    }

    void table_line(const std::vector<std::string>& r) {
        const bool limited = table_options_.max_width > 0;
        for (size_t i = 0; i < r.size(); ++i) {
            if (i) buf_ += " | ";
            std::string text = single_line(r[i]);
            if (limited && i < widths_.size()) text = truncate_to_width(text, widths_[i]);
            size_t w = display_width(text);
            size_t pad = i < widths_.size() && w < widths_[i] ? widths_[i] - w : 0;
            if (i < numeric_.size() && numeric_[i]) {
                buf_.append(pad, ' ');
                buf_ += text;
            } else {
                buf_ += text;
                if (i + 1 < r.size()) buf_.append(pad, ' ');
            }
        }
        buf_ += '\n';
    }

    // psql's expanded display: "-[ RECORD n ]---" then "label | value" lines.
    void record(const std::vector<std::string>& r, size_t n) {
        const auto& labels = header_;
        std::string title = "-[ RECORD " + std::to_string(n) + " ]";
        size_t rule = record_width_;
        if (table_options_.max_width) rule = std::min(rule, table_options_.max_width);
        rule = std::max(rule, display_width(title));
        buf_ += title;
        buf_.append(rule - display_width(title), '-');
        buf_ += '\n';
        for (size_t i = 0; i < r.size() && i < labels.size(); ++i) {
            buf_ += labels[i];
            buf_.append(label_width_ - display_width(labels[i]), ' ');
            buf_ += " | " + single_line(r[i]) + "\n";
        }
    }

    // Sizes the columns from the rows held, prints the header, the rule and
    // those rows (or the rows expanded, when they cannot fit).
    void table_start() {
        header_ = table_[0];
        widths_.assign(header_.size(), 0);
        numeric_.assign(header_.size(), true);
        std::vector<bool> seen_value(header_.size(), false);
        for (size_t row = 0; row < table_.size(); ++row)
            for (size_t i = 0; i < table_[row].size() && i < widths_.size(); ++i) {
                widths_[i] = std::max(widths_[i], display_width(single_line(table_[row][i])));
                if (row == 0 || table_[row][i].empty()) continue;
                seen_value[i] = true;
                numeric_[i] = numeric_[i] && looks_numeric(table_[row][i]);
            }
        for (size_t i = 0; i < numeric_.size(); ++i) numeric_[i] = numeric_[i] && seen_value[i];
        label_width_ = 0;
        for (const auto& label : header_) label_width_ = std::max(label_width_, display_width(label));
        record_width_ = label_width_ + 3 + *std::max_element(widths_.begin(), widths_.end());
        std::vector<size_t> header_widths;
        for (const auto& label : header_) header_widths.push_back(display_width(label));
        expanded_ = table_options_.expanded ||
                    (table_options_.max_width > 0 && !fit_widths(widths_, header_widths, table_options_.max_width));
        table_rows_ = table_.size() - 1;
        if (expanded_) {
            for (size_t i = 1; i < table_.size(); ++i) record(table_[i], i);
            table_.clear();
            return;
        }
        table_line(header_);
        for (size_t i = 0; i < widths_.size(); ++i) {
            if (i) buf_ += "-+-";
            buf_.append(widths_[i], '-');
        }
        buf_ += '\n';
        for (size_t i = 1; i < table_.size(); ++i) table_line(table_[i]);
        table_.clear();
    }

    void table_out() {
        if (widths_.empty()) {
            if (table_.empty()) return;
            table_start();
        }
        size_t n = table_rows_;
        buf_ += "(" + std::to_string(n) + (n == 1 ? " row)\n" : " rows)\n");
        widths_.clear();
        table_rows_ = 0;
    }

    const session::Query& q_;
    Format format_;
    std::ostream& out_;
    session::RowLayout layout_;
    bool single_entity_ = false;
    std::vector<std::string> labels_;
    std::vector<std::string> flat_labels_;
    std::vector<std::vector<std::string>> table_;   // table: the header and rows held to size the columns
    std::vector<size_t> widths_;                     // table: the column widths, once sized
    std::vector<bool> numeric_;                      // table: right-aligned columns
    std::vector<std::string> header_;                // table: the labels
    bool expanded_ = false;                          // table: one line per field
    size_t label_width_ = 0, record_width_ = 0;      // table, expanded: the labels' width, a record's
    size_t table_rows_ = 0;                          // table: rows printed
    TableOptions table_options_;
    std::string buf_;
    bool first_ = true;
    // The raw path: a reader per cell, JSON key prefixes per entity column and per label.
    std::vector<CellReader> readers_;
    std::vector<std::vector<std::string>> json_keys_;
    std::vector<std::string> json_labels_;
    std::vector<std::string> row_cells_;   // table: the current row's cells
};

}  // namespace

void run_query(ReadQuery& rq, Format format, std::ostream& out, const TableOptions& table,
               const RowsWritten& rows_written) {
    session::Query& q = *rq.query;
    Printer p(q, format, out, table);
    switch (rq.terminal) {
        case Terminal::all: {
            // Objects (and the identity map) only when relationships are to be
            // attached; otherwise the converted values stream straight out.
            bool eager = !q.eager_loads().empty();
            auto cur = q.iterate(eager);
            p.list_begin();
            size_t rows = 0;
            auto counted = [&] {
                if (++rows % 1000 == 0 && rows_written) rows_written(rows);
            };
            if (!eager && !cur.unique() && Printer::streams_raw(format)) {
                p.read_raw(cur.driver_types());
                while (cur.next_raw()) {
                    p.list_row_raw(cur.raw());
                    counted();
                }
            } else {
                while (cur.next()) {
                    p.list_row(cur.row());
                    counted();
                }
            }
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
