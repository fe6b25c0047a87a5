#include "ui/new_run/run_draft.h"

#include <nlohmann/json.hpp>

#include <QLocale>
#include <QObject>

#include <cmath>

namespace flipbench::ui {

namespace {

nlohmann::json::json_pointer pointerOf(const QString& path)
{
    return nlohmann::json::json_pointer("/" + QString(path).replace('.', '/').toStdString());
}

QString quoted(const QString& text)
{
    return '"' + text + '"';
}

} // namespace

const QList<FieldSpec>& draftFields()
{
    using K = FieldKind;
    static const QList<FieldSpec> fields = {
        {"name", K::Text},
        {"data.path", K::Text},
        {"data.train_limit", K::Integer},
        {"data.test_limit", K::Integer},
        {"data.val_size", K::Integer},
        {"model.arch", K::Choice},
        {"model.fc_init", K::Choice},
        {"method.name", K::Choice},
        {"method.reference", K::List},
        {"method.init_from_reference", K::Flag},
        {kKdAlphaSet, K::Flag, false},
        {"method.kd_alpha", K::Number},
        {"method.kd_loss_weight", K::Number},
        {"method.fd.divergence", K::Choice},
        {"method.fd.temperature", K::Number},
        {"method.fd.filter", K::Choice},
        {"method.fd.filter_base", K::Number},
        {"method.fd.filter_scale", K::Number},
        {"method.fd.weighting", K::Choice},
        {"method.ldi.p", K::Number},
        {"method.ldi.margin", K::Number},
        {"method.ldi.exclude_gt", K::Flag},
        {"method.ldi.top_k", K::Integer},
        {"method.ldi.one_sided", K::Flag},
        {"train.epochs", K::Integer},
        {"train.batch_size", K::Integer},
        {"train.lr", K::Number},
        {"train.momentum", K::Number},
        {"train.weight_decay", K::Number},
        {"train.nesterov", K::Flag},
        {"train.schedule", K::Choice},
        {"train.lr_step", K::Number},
        {kEtaMinSet, K::Flag, false},
        {"train.eta_min", K::Number},
        {"train.step_gamma", K::Number},
        {"train.warmup_epochs", K::Number},
        {"train.augment.crop", K::Flag},
        {"train.augment.flip", K::Flag},
        {"train.label_smoothing", K::Number},
        {"train.grad_clip", K::Number},
        {"train.selection", K::Choice},
        {"train.precision", K::Choice},
        {"train.seed", K::WholeNumber},
        {"train.device", K::Choice},
        {"train.threads", K::Integer},
        {"train.log_every", K::Integer},
    };
    return fields;
}

QString formatNumber(double value)
{
    // The shortest digits that read back as the same double, in the C locale; plain decimals for the
    // magnitudes hyperparameters have ("0.0005", not "5e-04"), exponents only beyond them.
    const double magnitude = std::abs(value);
    const bool plain = magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e9);
    return QString::number(value, plain ? 'f' : 'g', QLocale::FloatingPointShortest);
}

RunDraft draftFromConfig(const RunConfig& config)
{
    nlohmann::json json = toJson(config);
    // toJson writes the fd / ldi block only for its own method; fill in the other (with the
    // config's values, defaults unless set) so that switching the method shows sensible values.
    for (const char* method : {"fd", "ldi"})
        if (!json["method"].contains(method)) {
            RunConfig other = config;
            other.method.name = method;
            json["method"][method] = toJson(other)["method"][method];
        }

    RunDraft draft;
    for (const FieldSpec& field : draftFields()) {
        const auto pointer = pointerOf(field.path);
        if (!field.inJson || !json.contains(pointer) || json.at(pointer).is_null())
            continue;
        const nlohmann::json& value = json.at(pointer);
        switch (field.kind) {
        case FieldKind::Text:
        case FieldKind::Choice:
            draft[field.path] = QString::fromStdString(value.get<std::string>());
            break;
        case FieldKind::Number:
            draft[field.path] = formatNumber(value.get<double>());
            break;
        case FieldKind::Integer:
            draft[field.path] = qlonglong(value.get<int64_t>());
            break;
        case FieldKind::WholeNumber:
            draft[field.path] = QString::number(qulonglong(value.get<uint64_t>()));
            break;
        case FieldKind::Flag:
            draft[field.path] = value.get<bool>();
            break;
        case FieldKind::List: {
            QStringList list;
            for (const auto& item : value)
                list << QString::fromStdString(item.get<std::string>());
            draft[field.path] = list;
            break;
        }
        }
    }
    // The optional numbers get a switch; the value shown when it is turned on is a common choice.
    draft[kKdAlphaSet] = config.method.kdAlpha.has_value();
    if (!config.method.kdAlpha)
        draft["method.kd_alpha"] = QStringLiteral("0.5");
    draft[kEtaMinSet] = config.train.etaMin.has_value();
    if (!config.train.etaMin)
        draft["train.eta_min"] = QStringLiteral("0");
    return draft;
}

bool isFieldRelevant(const RunDraft& draft, const QString& path)
{
    const QString method = draftMethod(draft);
    const QString schedule = draft.value("train.schedule").toString();
    const bool etaMinSet = draft.value(kEtaMinSet).toBool();
    if (path.startsWith("method.fd."))
        return method == "fd";
    if (path.startsWith("method.ldi."))
        return method == "ldi";
    if (path == "method.kd_alpha")
        return method != "baseline" && draft.value(kKdAlphaSet).toBool();
    if (path == kKdAlphaSet || path == "method.kd_loss_weight")
        return method != "baseline";
    if (path == "train.eta_min")
        return schedule == "cosine" && etaMinSet;
    if (path == kEtaMinSet)
        return schedule == "cosine";
    if (path == "train.lr_step")
        return schedule == "step" || (schedule == "cosine" && !etaMinSet);
    if (path == "train.step_gamma")
        return schedule == "step";
    return true;
}

nlohmann::json draftToJson(const RunDraft& draft, QList<FieldProblem>* problems)
{
    nlohmann::json json = nlohmann::json::object();
    const auto problem = [&](const QString& path, const QString& reason) {
        if (problems)
            problems->append({path, path + ": " + reason});
    };
    for (const FieldSpec& field : draftFields()) {
        const QVariant value = draft.value(field.path);
        if (!field.inJson || !value.isValid() || !isFieldRelevant(draft, field.path))
            continue;
        const auto pointer = pointerOf(field.path);
        switch (field.kind) {
        case FieldKind::Text:
        case FieldKind::Choice:
            json[pointer] = value.toString().toStdString();
            break;
        case FieldKind::Number: {
            const QString text = value.toString().trimmed();
            bool ok = false;
            const double number = text.toDouble(&ok); // QString::toDouble is locale-independent
            if (ok)
                json[pointer] = number;
            else
                problem(field.path, text.isEmpty() ? QObject::tr("enter a number")
                                                   : QObject::tr("%1 is not a number").arg(quoted(text)));
            break;
        }
        case FieldKind::Integer:
            json[pointer] = int64_t(value.toLongLong());
            break;
        case FieldKind::WholeNumber: {
            const QString text = value.toString().trimmed();
            bool ok = false;
            const qlonglong number = text.toLongLong(&ok);
            if (ok)
                json[pointer] = int64_t(number);
            else if (const qulonglong big = text.toULongLong(&ok); ok)
                json[pointer] = uint64_t(big); // out of range: the parser says so with the bound
            else
                problem(field.path, text.isEmpty() ? QObject::tr("enter a whole number")
                                                   : QObject::tr("%1 is not a whole number").arg(quoted(text)));
            break;
        }
        case FieldKind::Flag:
            json[pointer] = value.toBool();
            break;
        case FieldKind::List: {
            std::vector<std::string> list;
            for (const QString& item : value.toStringList())
                list.push_back(item.toStdString());
            json[pointer] = list;
            break;
        }
        }
    }
    return json;
}

} // namespace flipbench::ui
