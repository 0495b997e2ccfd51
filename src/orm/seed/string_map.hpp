// A map from strings to values for the seeder's "$id" aliases: hundreds of
// thousands of short keys, inserted once, looked up often, never erased.
// Open addressing over a flat array of (hash tag, entry index) slots keeps a
// lookup to about one cache miss for the slot and one for the key, where a
// node-based std::unordered_map walks a chain of separately allocated nodes.
//
// Contracts:
// - Values never move once inserted (entries live in a deque), so pointers
//   to them stay valid while the map lives.
// - find() returns nullptr for an absent key; try_emplace() returns the value
//   and whether it was just inserted (default-constructed).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace orm::seed {

template <class T>
class StringMap {
public:
    T* find(std::string_view key) {
        if (entries_.empty()) return nullptr;
        std::uint64_t h = hash(key);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            std::uint64_t slot = slots_[i];
            if (slot == 0) return nullptr;
            if (tag(slot) == tag_of(h) && entries_[index(slot)].first == key) return &entries_[index(slot)].second;
        }
    }

    std::pair<T*, bool> try_emplace(std::string_view key) {
        if ((entries_.size() + 1) * 4 > slots_.size() * 3) grow();
        std::uint64_t h = hash(key);
        std::size_t i = h & mask_;
        for (;; i = (i + 1) & mask_) {
            std::uint64_t slot = slots_[i];
            if (slot == 0) break;
            if (tag(slot) == tag_of(h) && entries_[index(slot)].first == key)
                return {&entries_[index(slot)].second, false};
        }
        entries_.emplace_back(std::string(key), T{});
        slots_[i] = (tag_of(h) << 32) | entries_.size();   // the index is stored + 1: 0 marks an empty slot
        return {&entries_.back().second, true};
    }

private:
    static std::uint64_t hash(std::string_view key) { return std::hash<std::string_view>{}(key); }
    static std::uint64_t tag_of(std::uint64_t h) { return h >> 32; }
    static std::uint64_t tag(std::uint64_t slot) { return slot >> 32; }
    static std::size_t index(std::uint64_t slot) { return static_cast<std::size_t>(slot & 0xffffffffu) - 1; }

    void grow() {
        std::vector<std::uint64_t> old = std::move(slots_);
        slots_.assign(old.empty() ? 64 : old.size() * 2, 0);
        mask_ = slots_.size() - 1;
        for (std::uint64_t slot : old) {
            if (slot == 0) continue;
            std::size_t i = hash(entries_[index(slot)].first) & mask_;
            while (slots_[i] != 0) i = (i + 1) & mask_;
            slots_[i] = slot;
        }
    }

    std::deque<std::pair<std::string, T>> entries_;
    std::vector<std::uint64_t> slots_;
    std::size_t mask_ = 0;
};

}  // namespace orm::seed
