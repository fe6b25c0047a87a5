#include "flipbench/pytorch/npy.h"

#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"

#include <torch/torch.h>

#include <cstring>
#include <fstream>
#include <regex>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

std::string descrFor(torch::ScalarType type)
{
    switch (type) {
    case torch::kFloat32:
        return "<f4";
    case torch::kInt64:
        return "<i8";
    default:
        throw std::invalid_argument(std::string("writeNpy: unsupported dtype ") + c10::toString(type));
    }
}

std::string shapeText(const torch::Tensor& t)
{
    // Python tuple syntax: "()", "(5,)", "(5, 10)".
    std::string text = "(";
    for (int64_t d = 0; d < t.dim(); ++d)
        text += (d > 0 ? ", " : "") + std::to_string(t.size(d));
    return text + (t.dim() == 1 ? ",)" : ")");
}

} // namespace

std::string npyBytes(const torch::Tensor& tensor)
{
    const auto data = tensor.detach().to(torch::kCPU).contiguous();
    std::string header =
        "{'descr': '" + descrFor(data.scalar_type()) + "', 'fortran_order': False, 'shape': " + shapeText(data) + ", }";
    // Version 1.0: magic(6) + version(2) + header length(2) + header, padded with spaces and a final
    // newline so that the data starts on a 64-byte boundary, as NumPy itself writes it.
    const size_t prefix = kMagicSize + 2 + 2;
    const size_t total = ((prefix + header.size() + 1 + 63) / 64) * 64;
    header.append(total - prefix - header.size() - 1, ' ');
    header += '\n';

    std::string bytes(kMagic, kMagicSize);
    bytes += {1, 0};
    const auto length = static_cast<uint16_t>(header.size());
    bytes += static_cast<char>(length & 0xff);
    bytes += static_cast<char>(length >> 8);
    bytes += header;
    bytes.append(static_cast<const char*>(data.data_ptr()), data.nbytes());
    return bytes;
}

void writeNpy(const fs::path& file, const torch::Tensor& tensor)
{
    const std::string bytes = npyBytes(tensor);
    writeAtomically(file, [&](const fs::path& tmp) {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out.flush())
            throw UserError("Could not write " + file.string() + " (disk full or no permission?)");
    });
}

torch::Tensor readNpy(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw DataError("Cannot open " + file.string() + ": no such file or no permission");
    char magic[kMagicSize + 4] = {};
    if (!in.read(magic, sizeof magic) || std::memcmp(magic, kMagic, kMagicSize) != 0)
        throw DataError(file.string() + " is not a NumPy .npy file (bad magic bytes)");
    if (magic[6] != 1)
        throw DataError(file.string() + ": .npy format version " + std::to_string(int(magic[6])) +
                        " is not supported (expected 1.0)");
    const size_t headerSize =
        static_cast<uint8_t>(magic[8]) | (static_cast<size_t>(static_cast<uint8_t>(magic[9])) << 8);
    std::string header(headerSize, '\0');
    if (!in.read(header.data(), static_cast<std::streamsize>(headerSize)))
        throw DataError(file.string() + ": truncated .npy header");

    std::smatch match;
    if (!std::regex_search(header, match, std::regex("'descr':\\s*'([^']+)'")))
        throw DataError(file.string() + ": .npy header has no 'descr'");
    const std::string descr = match[1];
    torch::ScalarType type;
    if (descr == "<f4")
        type = torch::kFloat32;
    else if (descr == "<i8")
        type = torch::kInt64;
    else
        throw DataError(file.string() + ": .npy dtype " + descr + " is not supported (expected <f4 or <i8)");
    if (std::regex_search(header, std::regex("'fortran_order':\\s*True")))
        throw DataError(file.string() + ": Fortran-ordered .npy arrays are not supported");
    if (!std::regex_search(header, match, std::regex("'shape':\\s*\\(([^)]*)\\)")))
        throw DataError(file.string() + ": .npy header has no 'shape'");
    std::vector<int64_t> shape;
    const std::string dims = match[1];
    // A Python tuple of non-negative integers: "()", "(5,)", "(5, 10)". Anything else (a negative
    // size, an expression) is refused rather than read around.
    const std::regex tuple("\\s*(\\d+\\s*,\\s*)*(\\d+\\s*,?\\s*)?");
    if (!std::regex_match(dims, tuple))
        throw DataError(file.string() + ": .npy shape (" + dims.substr(0, 80) + ") is not a tuple of sizes >= 0");
    const std::regex number("\\d+");
    int64_t elements = 1;
    const auto remaining = static_cast<int64_t>(std::filesystem::file_size(file)) - static_cast<int64_t>(in.tellg());
    for (std::sregex_iterator it(dims.begin(), dims.end(), number), end; it != end; ++it) {
        const std::string digits = it->str();
        const int64_t dim = digits.size() > 12 ? -1 : std::stoll(digits);
        if (dim < 0 || (dim > 0 && elements > remaining / dim))
            throw DataError(file.string() + ": .npy shape (" + dims + ") does not fit the file's " +
                            std::to_string(remaining) + " data bytes");
        elements *= dim;
        shape.push_back(dim);
    }

    auto tensor = torch::empty(shape, torch::TensorOptions().dtype(type));
    if (!in.read(static_cast<char*>(tensor.data_ptr()), static_cast<std::streamsize>(tensor.nbytes())))
        throw DataError(file.string() + ": .npy data is truncated (expected " + std::to_string(tensor.nbytes()) +
                        " bytes after the header)");
    return tensor;
}

} // namespace flipbench
