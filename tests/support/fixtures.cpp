#include "support/fixtures.hpp"

#include <catch2/catch.hpp>

#include <memory>

#include "orm/core/source.hpp"
#include "orm/engine/url.hpp"

namespace orm_test {

ModelsFile read_models(const std::string& text, const std::string& name) {
    return orm::declarative::read_models(std::make_shared<orm::SourceFile>(name, text));
}

orm::dialect::ConnectParams connect_params(const std::string& url) {
    return orm::engine::Url::parse(url).to_connect_params();
}

orm::dialect::ErrorKind driver_error_kind(const std::function<void()>& f) {
    try {
        f();
    } catch (const orm::dialect::DriverError& e) {
        return e.kind();
    }
    FAIL("no DriverError");
    return orm::dialect::ErrorKind::other;
}

}  // namespace orm_test
