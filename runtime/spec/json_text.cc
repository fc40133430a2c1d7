// JSON text to a document, with every failure of nlohmann's reader turned into an Error.
#include <string>
#include <vector>

#include "runtime/spec/parse_internal.h"

namespace hako::spec::internal {
namespace {

// nlohmann's what(): "[json.exception.out_of_range.406] number overflow parsing '1e400'".
std::string without_prefix(const std::string& what) {
  auto close = what.find("] ");
  return what.rfind("[json.exception.", 0) == 0 && close != std::string::npos
             ? what.substr(close + 2)
             : what;
}

std::string line_column(std::string_view text, size_t byte) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return str_cat("line ", line, ", column ", col);
}

// One open container while the reader walks the text: the member or element it is inside.
struct Frame {
  bool array = false;
  std::string key;
  size_t index = 0;
};

std::string render(const std::vector<Frame>& frames) {
  std::string s;
  for (const Frame& f : frames) {
    if (f.array) {
      s += str_cat('[', f.index, ']');
    } else if (!f.key.empty()) {
      if (!s.empty()) s.push_back('.');
      s += f.key;
    }
  }
  return s.empty() ? "(root)" : s;
}

// Reads `text` again with a callback that tracks where the reader is, so that an error raised
// without a position (the lexer's number overflow) still names the field. Only run after a
// failure: the first read pays nothing for it.
std::string locate(std::string_view text) {
  std::vector<Frame> frames;
  auto advance = [&frames] {
    if (!frames.empty() && frames.back().array) ++frames.back().index;
  };
  auto track = [&](int, Json::parse_event_t ev, Json& parsed) {
    using E = Json::parse_event_t;
    switch (ev) {
      case E::object_start: frames.push_back({}); break;
      case E::array_start: frames.push_back({true, {}, 0}); break;
      case E::key: frames.back().key = parsed.get<std::string>(); break;
      case E::object_end:
      case E::array_end:
        frames.pop_back();
        advance();
        break;
      case E::value: advance(); break;
    }
    return true;
  };
  try {
    (void)Json::parse(text.begin(), text.end(), track);
  } catch (const Json::exception&) {
  }
  return render(frames);
}

}  // namespace

Result<Json> parse_json(std::string_view text) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // "... parse error at line 1, column 2: syntax error while parsing ..."
    std::string what = e.what();
    auto colon = what.find(": ", what.find("column"));
    std::string detail = colon == std::string::npos ? without_prefix(what) : what.substr(colon + 2);
    return Error::invalid(str_cat("syntax error at ", line_column(text, e.byte), ": ", detail));
  } catch (const Json::exception& e) {
    return Error::invalid(str_cat(locate(text), ": ", without_prefix(e.what())));
  }
}

}  // namespace hako::spec::internal
