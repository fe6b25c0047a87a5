#include "flipbench/util/tensor_text.h"
#include "flipbench/pytorch/torch_file.h"

#include "flipbench/util/errors.h"
#include "flipbench/pytorch/zip_archive.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

using List = PyValue::List;
using Dict = PyValue::Dict;

PyValuePtr make(decltype(PyValue::value) v)
{
    return std::make_shared<PyValue>(PyValue{std::move(v)});
}

/// Globals (classes and functions named by GLOBAL) are kept as Opaque values with this prefix;
/// REDUCE looks the name up to decide what calling them means.
const std::string kGlobal = "global ";

const std::unordered_map<std::string, torch::ScalarType>& storageTypes()
{
    static const std::unordered_map<std::string, torch::ScalarType> types = {
        {"FloatStorage", torch::kFloat32},     {"DoubleStorage", torch::kFloat64}, {"HalfStorage", torch::kFloat16},
        {"BFloat16Storage", torch::kBFloat16}, {"LongStorage", torch::kInt64},     {"IntStorage", torch::kInt32},
        {"ShortStorage", torch::kInt16},       {"CharStorage", torch::kInt8},      {"ByteStorage", torch::kUInt8},
        {"BoolStorage", torch::kBool}};
    return types;
}

/// Deeper than this is refused (see Unpickler::checkNesting).
constexpr size_t kMaxNesting = 100;

/// A pickle virtual machine for the opcodes torch.save emits (protocols 2 to 5).
class Unpickler {
public:
    Unpickler(const ZipArchive& zip, std::string prefix, std::string pickle, fs::path file)
        : zip_(zip), prefix_(std::move(prefix)), data_(std::move(pickle)), file_(std::move(file))
    {
    }

    /// A structure nested thousands deep (a few bytes per level in a pickle) would overflow the stack
    /// when it is destroyed, shared_ptr by shared_ptr, and one that holds itself would never be
    /// freed. Whatever the unpickler still holds, except the result it returned, is taken apart
    /// flat: every container reachable is kept alive in one list, emptied, then dropped.
    ~Unpickler()
    {
        std::vector<PyValuePtr> pending = std::move(stack_);
        for (auto& [index, value] : memo_)
            pending.push_back(std::move(value));
        std::vector<PyValuePtr> containers;
        std::unordered_set<const PyValue*> seen;
        while (!pending.empty()) {
            PyValuePtr value = std::move(pending.back());
            pending.pop_back();
            if (!value || returned_.count(value.get()) || !seen.insert(value.get()).second)
                continue;
            if (auto* list = std::get_if<List>(&value->value)) {
                pending.insert(pending.end(), list->begin(), list->end());
                containers.push_back(std::move(value));
            } else if (auto* dict = std::get_if<Dict>(&value->value)) {
                for (const auto& [key, item] : *dict) {
                    pending.push_back(key);
                    pending.push_back(item);
                }
                containers.push_back(std::move(value));
            }
        }
        for (const auto& container : containers) {
            if (auto* list = std::get_if<List>(&container->value))
                list->clear();
            else if (auto* dict = std::get_if<Dict>(&container->value))
                dict->clear();
        }
    }

    PyValuePtr run();

private:
    /// Refuses a result nested deeper than any model file is (a state dict nests a few levels), so
    /// that no recursive walk of it, nor its destruction, can overflow the stack, and one that holds
    /// itself (torch.save never writes a cycle). Records what the result holds in returned_.
    void checkNesting(PyValuePtr& result);
    [[noreturn]] void fail(const std::string& why) const
    {
        throw DataError(file_.string() + ": cannot read the pickled data at byte " + std::to_string(pos_) + ": " + why);
    }
    uint64_t unsignedLe(int width)
    {
        need(static_cast<size_t>(width));
        uint64_t v = 0;
        for (int i = width - 1; i >= 0; --i)
            v = (v << 8) | static_cast<uint8_t>(data_[pos_ + static_cast<size_t>(i)]);
        pos_ += static_cast<size_t>(width);
        return v;
    }
    void need(size_t n) const
    {
        if (n > data_.size() - pos_) // no pos_ + n: a forged length must not wrap around
            fail("unexpected end of data");
    }
    PyValuePtr& top()
    {
        if (stack_.empty())
            fail("stack underflow");
        return stack_.back();
    }
    template <typename T> const T& as(const PyValuePtr& value, const char* what) const
    {
        const T* v = std::get_if<T>(&value->value);
        if (!v)
            fail(std::string("expected ") + what + ", found " + value->describe());
        return *v;
    }
    std::string bytes(size_t n)
    {
        need(n);
        std::string s = data_.substr(pos_, n);
        pos_ += n;
        return s;
    }
    std::string line()
    {
        const size_t end = data_.find('\n', pos_);
        if (end == std::string::npos)
            fail("unterminated text");
        std::string s = data_.substr(pos_, end - pos_);
        pos_ = end + 1;
        return s;
    }
    PyValuePtr pop()
    {
        if (stack_.empty())
            fail("stack underflow");
        auto v = stack_.back();
        stack_.pop_back();
        return v;
    }
    List popToMark()
    {
        if (marks_.empty() || marks_.back() > stack_.size())
            fail("missing MARK");
        List items(stack_.begin() + static_cast<std::ptrdiff_t>(marks_.back()), stack_.end());
        stack_.resize(marks_.back());
        marks_.pop_back();
        return items;
    }
    PyValuePtr persistentLoad(const PyValuePtr& pid);
    void checkTensorView(const std::vector<int64_t>& sizes, const std::vector<int64_t>& strides, int64_t offset,
                         int64_t storageSize) const;
    PyValuePtr call(const PyValuePtr& callable, const List& args);
    static void setItems(const PyValuePtr& target, const List& items);

    const ZipArchive& zip_;
    std::string prefix_, data_;
    fs::path file_;
    size_t pos_ = 0;
    std::vector<PyValuePtr> stack_;
    std::vector<size_t> marks_;
    std::unordered_map<uint64_t, PyValuePtr> memo_;
    std::unordered_map<std::string, torch::Tensor> storages_;
    std::unordered_set<const PyValue*> returned_; ///< the result's values: left to the caller
    int depth_ = 0;
};

const List& asList(const PyValuePtr& v)
{
    static const List empty;
    const auto* list = std::get_if<List>(&v->value);
    return list ? *list : empty;
}

std::vector<int64_t> intsOf(const PyValuePtr& v)
{
    std::vector<int64_t> out;
    for (const auto& item : asList(v))
        if (const auto* i = std::get_if<int64_t>(&item->value))
            out.push_back(*i);
    return out;
}

void Unpickler::checkNesting(PyValuePtr& result)
{
    // The height of every container, post-order with an explicit stack and memoised, so that a
    // container shared by several parents is walked once and counts by its deepest use. A
    // container met again while its own children are pending holds itself: refused.
    auto childrenView = [](const PyValue* value) {
        std::vector<const PyValue*> children;
        if (const auto* list = std::get_if<List>(&value->value))
            for (const auto& item : *list)
                children.push_back(item.get());
        else if (const auto* dict = std::get_if<Dict>(&value->value))
            for (const auto& [key, item] : *dict) {
                children.push_back(key.get());
                children.push_back(item.get());
            }
        return children;
    };
    std::unordered_map<const PyValue*, size_t> height; // 0 while its children are pending
    std::vector<std::pair<const PyValue*, bool>> pending{{result.get(), false}};
    while (!pending.empty()) {
        const auto [value, childrenDone] = pending.back();
        pending.pop_back();
        if (!value)
            continue;
        if (!childrenDone) {
            if (height.count(value))
                continue;
            height[value] = 0;
            pending.emplace_back(value, true);
            for (const PyValue* child : childrenView(value)) {
                if (!child)
                    continue;
                const auto known = height.find(child);
                if (known == height.end())
                    pending.emplace_back(child, false);
                else if (known->second == 0) {           // still on the path from the result: a cycle
                    stack_.push_back(std::move(result)); // taken apart by the destructor
                    fail("the data holds itself (a list or dict inside itself); torch.save never writes that");
                }
            }
            continue;
        }
        size_t deepest = 0;
        for (const PyValue* child : childrenView(value))
            if (child)
                deepest = std::max(deepest, height[child]);
        height[value] = deepest + 1;
        if (deepest + 1 > kMaxNesting) {
            stack_.push_back(std::move(result)); // taken apart by the destructor
            fail("the data nests deeper than " + std::to_string(kMaxNesting) +
                 " levels; no model file does (a damaged or hostile file)");
        }
    }
    for (const auto& [value, ignored] : height)
        returned_.insert(value);
}

void Unpickler::checkTensorView(const std::vector<int64_t>& sizes, const std::vector<int64_t>& strides, int64_t offset,
                                int64_t storageSize) const
{
    // A tensor record names its sizes, strides and offset into a storage; LibTorch would throw its
    // own error for one outside the storage, and a view of a small storage with stride 0 could ask
    // clone() for terabytes. A state dict's tensors are dense views of their storage, so the view
    // must lie inside it and hold no more elements than it (an expand()ed tensor is not saved by
    // state_dict()).
    if (sizes.size() != strides.size())
        fail("malformed tensor record (" + std::to_string(sizes.size()) + " sizes but " +
             std::to_string(strides.size()) + " strides)");
    if (offset < 0)
        fail("malformed tensor record (negative storage offset " + std::to_string(offset) + ")");
    int64_t elements = 1;
    int64_t lastIndex = offset;
    for (size_t d = 0; d < sizes.size(); ++d) {
        if (sizes[d] < 0 || strides[d] < 0)
            fail("malformed tensor record (negative size or stride)");
        if (sizes[d] == 0)
            return; // an empty tensor reads nothing
        if (__builtin_mul_overflow(elements, sizes[d], &elements) || elements > storageSize)
            fail("a tensor record claims more elements than its storage holds (" + std::to_string(storageSize) + ")");
        int64_t reach = 0;
        if (__builtin_mul_overflow(sizes[d] - 1, strides[d], &reach) ||
            __builtin_add_overflow(lastIndex, reach, &lastIndex))
            fail("a tensor record reaches beyond its storage");
    }
    if (lastIndex >= storageSize)
        fail("a tensor record reaches beyond its storage (element " + std::to_string(lastIndex) + " of " +
             std::to_string(storageSize) + ")");
}

PyValuePtr Unpickler::persistentLoad(const PyValuePtr& pid)
{
    // ('storage', <storage class>, key, location, numel)
    const List& t = asList(pid);
    if (t.size() < 5 || !std::holds_alternative<std::string>(t[2]->value))
        fail("unexpected persistent id (expected a storage reference)");
    const auto* type = std::get_if<PyValue::Opaque>(&t[1]->value);
    const std::string typeName = type ? type->className.substr(type->className.rfind('.') + 1) : "";
    const auto dtype = storageTypes().find(typeName);
    if (dtype == storageTypes().end())
        fail("unsupported storage type " + (type ? type->className : std::string("?")));
    const std::string key = std::get<std::string>(t[2]->value);
    auto cached = storages_.find(key);
    if (cached == storages_.end()) {
        const std::string raw = zip_.read(prefix_ + "data/" + key);
        const int64_t itemSize = static_cast<int64_t>(c10::elementSize(dtype->second));
        // The record says how many elements the storage has; its member must hold exactly those.
        const auto* claimed = std::get_if<int64_t>(&t[4]->value);
        const auto held = static_cast<int64_t>(raw.size()) / itemSize;
        if (raw.size() % static_cast<size_t>(itemSize) != 0 || (claimed && *claimed != held))
            fail("storage " + key + " holds " + std::to_string(raw.size()) + " bytes, not the " +
                 (claimed ? std::to_string(*claimed) : std::string("whole")) + " " + typeName +
                 " elements its record claims (a truncated or damaged file)");
        auto storage = torch::empty({held}, torch::TensorOptions().dtype(dtype->second));
        if (storage.nbytes() > 0) // memcpy from an empty storage's null pointer is undefined
            std::memcpy(storage.data_ptr(), raw.data(), static_cast<size_t>(storage.nbytes()));
        cached = storages_.emplace(key, storage).first;
    }
    return make(cached->second);
}

PyValuePtr Unpickler::call(const PyValuePtr& callable, const List& args)
{
    const auto* global = std::get_if<PyValue::Opaque>(&callable->value);
    const std::string name =
        global && global->className.rfind(kGlobal, 0) == 0 ? global->className.substr(kGlobal.size()) : "";
    if (name == "collections.OrderedDict" || name == "builtins.dict")
        return make(Dict{});
    if (name == "torch._utils._rebuild_tensor_v2" || name == "torch._utils._rebuild_tensor") {
        if (args.size() < 4 || !args[0]->isTensor())
            fail("malformed tensor record");
        const auto& storage = std::get<torch::Tensor>(args[0]->value);
        const int64_t offset = as<int64_t>(args[1], "a storage offset");
        const auto sizes = intsOf(args[2]);
        const auto strides = intsOf(args[3]);
        checkTensorView(sizes, strides, offset, storage.numel());
        return make(storage.as_strided(sizes, strides, offset).clone());
    }
    if (name == "torch._utils._rebuild_parameter" || name == "torch._utils._rebuild_parameter_with_state") {
        if (args.empty())
            fail("malformed parameter record");
        return args[0];
    }
    if (name == "torch._tensor._rebuild_from_type_v2" && args.size() >= 3) { // (func, type, args, state)
        if (++depth_ > 16)
            fail("tensor records nested too deeply");
        auto rebuilt = call(args[0], asList(args[2]));
        --depth_;
        return rebuilt;
    }
    // TorchScript's pickler (torch::pickle_save in C++, and export-model) tags a typed dict or list
    // with its type: restore_type_tag(value, "Dict[str, Tensor]") returns the value itself.
    if (name == "torch.jit._pickle.restore_type_tag" && !args.empty())
        return args[0];
    if (name == "torch.device" && !args.empty())
        return args[0];
    if (name == "torch.Size" && !args.empty())
        return args[0];
    // Anything else (optimizer settings, argparse.Namespace, ...) is kept as an opaque object.
    return make(PyValue::Opaque{name.empty() ? "object" : name});
}

void Unpickler::setItems(const PyValuePtr& target, const List& items)
{
    auto* dict = std::get_if<Dict>(&target->value);
    if (!dict)
        return; // items of an opaque object (a defaultdict, ...) are not needed
    for (size_t i = 0; i + 1 < items.size(); i += 2)
        dict->emplace_back(items[i], items[i + 1]);
}

PyValuePtr Unpickler::run()
{
    while (true) {
        need(1);
        const auto op = static_cast<uint8_t>(data_[pos_++]);
        switch (op) {
        case 0x80: // PROTO
            unsignedLe(1);
            break;
        case 0x95: // FRAME
            unsignedLe(8);
            break;
        case '.': { // STOP
            PyValuePtr result = pop();
            checkNesting(result);
            return result;
        }
        case '(':
            marks_.push_back(stack_.size());
            break;
        case 'N':
            stack_.push_back(make(PyValue::None{}));
            break;
        case 0x88:
            stack_.push_back(make(true));
            break;
        case 0x89:
            stack_.push_back(make(false));
            break;
        case 'J':
            stack_.push_back(make(static_cast<int64_t>(static_cast<int32_t>(unsignedLe(4)))));
            break;
        case 'K':
            stack_.push_back(make(static_cast<int64_t>(unsignedLe(1))));
            break;
        case 'M':
            stack_.push_back(make(static_cast<int64_t>(unsignedLe(2))));
            break;
        case 0x8a: { // LONG1: little-endian two's complement
            const auto n = static_cast<int>(unsignedLe(1));
            if (n > 8)
                fail("integer too large");
            uint64_t v = n ? unsignedLe(n) : 0;
            if (n > 0 && n < 8 && (v >> (8 * n - 1)) & 1)
                v |= ~uint64_t(0) << (8 * n);
            stack_.push_back(make(static_cast<int64_t>(v)));
            break;
        }
        case 'G': { // BINFLOAT, big-endian
            need(8);
            uint64_t bits = 0;
            for (int i = 0; i < 8; ++i)
                bits = (bits << 8) | static_cast<uint8_t>(data_[pos_++]);
            double d;
            std::memcpy(&d, &bits, 8);
            stack_.push_back(make(d));
            break;
        }
        case 'X':
            stack_.push_back(make(bytes(unsignedLe(4))));
            break; // BINUNICODE
        case 0x8c:
            stack_.push_back(make(bytes(unsignedLe(1))));
            break; // SHORT_BINUNICODE
        case 0x8d:
            stack_.push_back(make(bytes(unsignedLe(8))));
            break; // BINUNICODE8
        case 'T':
        case 'B':
            stack_.push_back(make(bytes(unsignedLe(4))));
            break; // BINSTRING, BINBYTES
        case 'U':
        case 'C':
            stack_.push_back(make(bytes(unsignedLe(1))));
            break; // SHORT_BINSTRING/BYTES
        case '}':
            stack_.push_back(make(Dict{}));
            break;
        case ']':
        case ')':
            stack_.push_back(make(List{}));
            break;
        case 't':
        case 'l':
            stack_.push_back(make(popToMark()));
            break; // TUPLE, LIST
        case 0x85: {
            auto a = pop();
            stack_.push_back(make(List{a}));
            break;
        }
        case 0x86: {
            auto b = pop(), a = pop();
            stack_.push_back(make(List{a, b}));
            break;
        }
        case 0x87: {
            auto c = pop(), b = pop(), a = pop();
            stack_.push_back(make(List{a, b, c}));
            break;
        }
        case 'c': { // GLOBAL module\nname\n
            const std::string module = line();
            stack_.push_back(make(PyValue::Opaque{kGlobal + module + "." + line()}));
            break;
        }
        case 0x93: { // STACK_GLOBAL
            auto name = pop(), module = pop();
            stack_.push_back(make(PyValue::Opaque{kGlobal + as<std::string>(module, "a module name") + "." +
                                                  as<std::string>(name, "a class name")}));
            break;
        }
        case 'q':
            memo_[unsignedLe(1)] = top();
            break; // BINPUT
        case 'r':
            memo_[unsignedLe(4)] = top();
            break; // LONG_BINPUT
        case 0x94:
            memo_[memo_.size()] = top();
            break; // MEMOIZE
        case 'h':
        case 'j': { // BINGET, LONG_BINGET
            const auto found = memo_.find(unsignedLe(op == 'h' ? 1 : 4));
            if (found == memo_.end())
                fail("memo entry missing");
            stack_.push_back(found->second);
            break;
        }
        case 'Q':
            stack_.push_back(persistentLoad(pop()));
            break; // BINPERSID
        case 'R':
        case 0x81: {
            auto args = pop(), callable = pop();
            stack_.push_back(call(callable, asList(args)));
            break;
        }
        case 'b':
            pop();
            break; // BUILD: object state (OrderedDict._metadata, ...) is not needed
        case 's': {
            auto v = pop(), k = pop();
            setItems(top(), {k, v});
            break;
        }
        case 'u': {
            auto items = popToMark();
            setItems(top(), items);
            break;
        }
        case 'a': {
            auto v = pop();
            if (auto* l = std::get_if<List>(&top()->value))
                l->push_back(v);
            break;
        }
        case 'e': {
            auto items = popToMark();
            if (auto* l = std::get_if<List>(&top()->value))
                l->insert(l->end(), items.begin(), items.end());
            break;
        }
        default: {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02x", op);
            fail(std::string("unsupported pickle opcode ") + hex);
        }
        }
    }
}

} // namespace

PyValuePtr PyValue::get(const std::string& key) const
{
    if (const auto* dict = std::get_if<Dict>(&value))
        for (const auto& [k, v] : *dict)
            if (const auto* s = std::get_if<std::string>(&k->value); s && *s == key)
                return v;
    return nullptr;
}

std::string PyValue::describe() const
{
    if (const auto* t = std::get_if<torch::Tensor>(&value))
        return "tensor " + describeShape(*t);
    if (isDict())
        return "dict";
    if (std::holds_alternative<List>(value))
        return "list";
    if (std::holds_alternative<std::string>(value))
        return "str";
    if (const auto* o = std::get_if<Opaque>(&value))
        return o->className;
    return "scalar";
}

PyValuePtr loadTorchFile(const fs::path& file)
{
    const ZipArchive zip(file);
    std::string pickle;
    for (const auto& name : zip.names())
        if (name.size() >= 8 && name.compare(name.size() - 8, 8, "data.pkl") == 0 &&
            std::count(name.begin(), name.end(), '/') == 1) {
            const std::string prefix = name.substr(0, name.size() - 8);
            return Unpickler(zip, prefix, zip.read(name), file).run();
        }
    throw DataError(file.string() + ": no data.pkl in the archive; it was not written by torch.save");
}

} // namespace flipbench
