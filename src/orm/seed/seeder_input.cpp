// Reading the seed's inputs: a JSON document (mapped or read whole), NDJSON
// line by line, or stdin (either, told apart by its first line).
#include <fstream>
#include <iostream>

#include "orm/core/error.hpp"
#include "orm/seed/seeder_detail.hpp"

namespace orm::seed::detail {

void Seeder::read_document(const std::shared_ptr<const SourceFile>& file) {
    text_ = std::make_shared<const Text>(file);
    Cursor c(*text_);
    c.skip_ws();
    if (c.peek() != '{') {
        Node root = c.value();   // a syntax error first, if there is one
        fail(root.offset, "expected an object whose keys are class or table names, got " + root.type_name());
    }
    c.expect('{', "'{'");
    if (!c.accept('}')) {
        while (true) {
            c.skip_ws();
            if (c.peek() != '"') c.fail("expected a string key in an object");
            std::string key = c.string();
            c.expect(':', "':' after an object key");
            c.skip_ws();
            Step step(path_, key);
            ClassPlan& plan = class_for(key, c.offset());
            if (c.peek() != '[') {
                Node v = c.value();
                fail(v.offset, "expected an array of " + plan.mapper->class_name() + " records, got " + v.type_name());
            }
            c.expect('[', "'['");
            if (!c.accept(']')) {
                for (size_t i = 0;; ++i) {
                    Node rec = c.value();
                    bytes_in_ = c.offset();
                    {
                        Step item(path_, i);
                        top_record(plan, rec);
                    }
                    if (c.accept(',')) continue;
                    if (c.accept(']')) break;
                    c.fail("expected ',' or ']' in an array");
                }
            }
            if (c.accept(',')) continue;
            if (c.accept('}')) break;
            c.fail("expected ',' or '}' in an object");
        }
    }
    c.expect_end();
    bytes_in_ = text_->text().size();
}

void Seeder::line(const std::string& name, int line_no, std::string text) {
    text_ = std::make_shared<const Text>(name, line_no, std::move(text));
    Node root = parse_value(*text_);
    if (root.kind != Node::Kind::object)
        fail(root.offset, "expected an object whose keys are class or table names, got " + root.type_name());
    for (auto& [key, value] : root.members) {
        Step step(path_, key);
        ClassPlan& plan = class_for(key, value.offset);
        if (value.kind == Node::Kind::object) {   // one record per line
            top_record(plan, value);
        } else if (value.kind == Node::Kind::array) {
            for (size_t i = 0; i < value.items.size(); ++i) {
                Step item(path_, i);
                top_record(plan, value.items[i]);
            }
        } else {
            fail(value.offset, "expected an array of " + plan.mapper->class_name() + " records, got " + value.type_name());
        }
    }
}

void Seeder::read_ndjson(LineReader& lines, const std::string& name) {
    std::string text;
    int line_no = 0;
    while (lines.next(text)) {
        ++line_no;
        bytes_in_ += text.size() + 1;
        if (!is_blank(text)) line(name, line_no, std::move(text));
        text.clear();
    }
}

void Seeder::read_stdin() {
    // NDJSON when the first non-blank line is a whole JSON object by itself;
    // else a JSON document (read whole).
    // A file stream on the descriptor reads faster than std::cin, which stays in step with C stdio.
    std::unique_ptr<std::istream> owned = std::make_unique<std::ifstream>("/dev/stdin", std::ios::binary);
    if (!*owned) owned.reset();
    std::istream& in = owned ? *owned : std::cin;
    LineReader lines(in);
    std::deque<std::string> read;
    std::string text;
    while (lines.next(text)) {
        read.push_back(text);
        if (!is_blank(text)) break;
    }
    bool ndjson = false;
    if (!read.empty() && !is_blank(read.back())) {
        try {
            ndjson = parse_value(Text("<stdin>", 1, read.back())).kind == Node::Kind::object;
        } catch (const InputError&) {
        }
    }
    if (ndjson) {
        lines.push_front(std::move(read));
        read_ndjson(lines, "<stdin>");
        return;
    }
    std::string all;
    for (const auto& l : read) all += l + "\n";
    all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    read_document(std::make_shared<const SourceFile>("<stdin>", std::move(all)));
}

}  // namespace orm::seed::detail
