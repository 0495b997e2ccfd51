#include "orm/python/token.hpp"

namespace orm::python {

std::string_view op_text(Op op) {
    switch (op) {
        case Op::None: return "";
        case Op::LPar: return "(";
        case Op::RPar: return ")";
        case Op::LSqb: return "[";
        case Op::RSqb: return "]";
        case Op::LBrace: return "{";
        case Op::RBrace: return "}";
        case Op::Colon: return ":";
        case Op::Comma: return ",";
        case Op::Semi: return ";";
        case Op::Dot: return ".";
        case Op::Ellipsis: return "...";
        case Op::At: return "@";
        case Op::RArrow: return "->";
        case Op::ColonEqual: return ":=";
        case Op::Equal: return "=";
        case Op::Plus: return "+";
        case Op::Minus: return "-";
        case Op::Star: return "*";
        case Op::DoubleStar: return "**";
        case Op::Slash: return "/";
        case Op::DoubleSlash: return "//";
        case Op::Percent: return "%";
        case Op::VBar: return "|";
        case Op::Amper: return "&";
        case Op::Circumflex: return "^";
        case Op::Tilde: return "~";
        case Op::LeftShift: return "<<";
        case Op::RightShift: return ">>";
        case Op::Less: return "<";
        case Op::Greater: return ">";
        case Op::EqEqual: return "==";
        case Op::NotEqual: return "!=";
        case Op::LessEqual: return "<=";
        case Op::GreaterEqual: return ">=";
        case Op::PlusEqual: return "+=";
        case Op::MinEqual: return "-=";
        case Op::StarEqual: return "*=";
        case Op::DoubleStarEqual: return "**=";
        case Op::SlashEqual: return "/=";
        case Op::DoubleSlashEqual: return "//=";
        case Op::PercentEqual: return "%=";
        case Op::AtEqual: return "@=";
        case Op::VBarEqual: return "|=";
        case Op::AmperEqual: return "&=";
        case Op::CircumflexEqual: return "^=";
        case Op::LeftShiftEqual: return "<<=";
        case Op::RightShiftEqual: return ">>=";
    }
    return "";
}
namespace {

struct KeywordEntry {
    std::string_view text;
    Kw keyword;
};

constexpr KeywordEntry keyword_table[] = {
    {"False", Kw::False_}, {"None", Kw::None_}, {"True", Kw::True_},
    {"and", Kw::And}, {"as", Kw::As}, {"assert", Kw::Assert},
    {"async", Kw::Async}, {"await", Kw::Await}, {"break", Kw::Break},
    {"class", Kw::Class}, {"continue", Kw::Continue}, {"def", Kw::Def},
    {"del", Kw::Del}, {"elif", Kw::Elif}, {"else", Kw::Else},
    {"except", Kw::Except}, {"finally", Kw::Finally}, {"for", Kw::For},
    {"from", Kw::From}, {"global", Kw::Global}, {"if", Kw::If},
    {"import", Kw::Import}, {"in", Kw::In}, {"is", Kw::Is},
    {"lambda", Kw::Lambda}, {"nonlocal", Kw::Nonlocal}, {"not", Kw::Not},
    {"or", Kw::Or}, {"pass", Kw::Pass}, {"raise", Kw::Raise},
    {"return", Kw::Return}, {"try", Kw::Try}, {"while", Kw::While},
    {"with", Kw::With}, {"yield", Kw::Yield},
};
}  // namespace

std::string_view keyword_text(Kw k) {
    for (const auto& e : keyword_table) {
        if (e.keyword == k) return e.text;
    }
    return "";
}

std::string_view token_kind_name(TokenKind kind) {
    switch (kind) {
        case TokenKind::EndMarker: return "ENDMARKER";
        case TokenKind::Name: return "NAME";
        case TokenKind::Number: return "NUMBER";
        case TokenKind::String: return "STRING";
        case TokenKind::Newline: return "NEWLINE";
        case TokenKind::NL: return "NL";
        case TokenKind::Comment: return "COMMENT";
        case TokenKind::Indent: return "INDENT";
        case TokenKind::Dedent: return "DEDENT";
        case TokenKind::Op: return "OP";
    }
    return "";
}

}  // namespace orm::python
