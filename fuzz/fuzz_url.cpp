// Database URLs: parsed as make_url() does, rendered, turned into connect
// parameters; and whenever one carries a password, no rendering or masked
// message shows it (issue: a password is never printed).
#include <cctype>
#include <string>

#include "fuzz_support.hpp"
#include "orm/engine/url.hpp"

namespace {

bool word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether `secret` stands in `text` as a token of its own: a password
// "postgres" inside the word "postgresql" shows nothing (the masking rule of
// dialect::mask_secret).
bool shows(const std::string& text, const std::string& secret) {
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 1)) {
        const size_t end = at + secret.size();
        const bool glued = (at > 0 && word(text[at - 1]) && word(secret.front())) ||
                           (end < text.size() && word(text[end]) && word(secret.back()));
        if (!glued) return true;
    }
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const std::string masked_alone = orm::engine::mask_password(text);
    (void)masked_alone;
    orm_fuzz::expect_orm_errors([&] {
        auto url = orm::engine::Url::parse(text);
        const std::string rendered = url.render();
        url.to_connect_params();
        const std::string message = orm::engine::mask_password("could not connect to " + text, url);
        if (url.password && url.password->size() >= 3 && url.password->find('*') == std::string::npos) {
            if (rendered.find(*url.password) != std::string::npos && rendered.find("***") == std::string::npos)
                orm_fuzz::finding("a rendered URL shows its password", rendered.c_str());
            if (shows(message, *url.password))
                orm_fuzz::finding("a masked message shows the password", message.c_str());
        }
    });
    return 0;
}
