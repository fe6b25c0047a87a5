// The appendix: what Focal Distillation and Logit Difference Inhibition optimise (the formulas
// of core/methods/distillation_losses.cpp, in words the reader can check against the config keys) and
// the hyperparameters each run was trained with.

#include "ui/report/report_pages.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

namespace flipbench::ui {

namespace {

QString valueOf(const QJsonObject& object, const QString& key)
{
    const QJsonValue v = object.value(key);
    if (v.isUndefined())
        return QString();
    if (v.isNull())
        return QStringLiteral("unset");
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 8);
    return v.toString();
}

/// "key value, key value" of the listed keys that `object` has.
QString joinKeys(const QJsonObject& object, const QStringList& keys)
{
    QStringList parts;
    for (const QString& key : keys)
        if (const QString v = valueOf(object, key); !v.isEmpty())
            parts << key + QLatin1Char(' ') + v;
    return parts.join(QStringLiteral(", "));
}

QString methodParameters(const ReportRun& run)
{
    const QJsonObject method = run.config.value(QStringLiteral("method")).toObject();
    const QString name = method.value(QStringLiteral("name")).toString();
    QStringList parts;
    if (name == QLatin1String("fd"))
        parts << joinKeys(method.value(QStringLiteral("fd")).toObject(),
                          {QStringLiteral("divergence"), QStringLiteral("temperature"), QStringLiteral("filter"),
                           QStringLiteral("filter_base"), QStringLiteral("filter_scale"), QStringLiteral("weighting")});
    else if (name == QLatin1String("ldi"))
        parts << joinKeys(method.value(QStringLiteral("ldi")).toObject(),
                          {QStringLiteral("p"), QStringLiteral("margin"), QStringLiteral("top_k"),
                           QStringLiteral("exclude_gt"), QStringLiteral("one_sided")});
    if (name == QLatin1String("fd") || name == QLatin1String("ldi")) {
        parts << joinKeys(method, {QStringLiteral("kd_loss_weight"), QStringLiteral("kd_alpha"),
                                   QStringLiteral("init_from_reference")});
        QStringList references;
        for (const QJsonValue& r : method.value(QStringLiteral("reference")).toArray())
            references << QFileInfo(r.toString()).fileName();
        parts << QObject::tr("reference %1").arg(references.join(QStringLiteral(" + ")));
    }
    parts.removeAll(QString());
    return parts.isEmpty() ? QObject::tr("cross-entropy only") : parts.join(QStringLiteral("; "));
}

QString trainingParameters(const ReportRun& run)
{
    const QJsonObject train = run.config.value(QStringLiteral("train")).toObject();
    return joinKeys(train, {QStringLiteral("epochs"), QStringLiteral("batch_size"), QStringLiteral("lr"),
                            QStringLiteral("schedule"), QStringLiteral("momentum"), QStringLiteral("weight_decay"),
                            QStringLiteral("seed"), QStringLiteral("precision")});
}

} // namespace

void drawAppendix(ReportCanvas& canvas, const ReportData& data)
{
    canvas.section(QObject::tr("Appendix: what FD and LDI optimise"));
    const QColor text(30, 30, 30);
    canvas.paragraph(QObject::tr("Both methods train the new model with cross-entropy plus a regulariser R that ties "
                                 "its logits z to the logits z_old of the reference (old) model on the same batch:"),
                     9, text);
    canvas.paragraph(QObject::tr("L = CE(z, y) + λ·R,   λ = method.kd_loss_weight;   with method.kd_alpha = α set: "
                                 "L = α·λ·R + (1 − α)·CE."),
                     9, text, true);
    canvas.heading(QObject::tr("Focal Distillation (FD; Yan et al., CVPR 2021)"));
    canvas.paragraph(QObject::tr("R = (1/N) Σᵢ wᵢ · D(zᵢ, z_oldᵢ),   wᵢ = filter_base + filter_scale · [conditionᵢ]"),
                     9, text, true);
    canvas.paragraph(
        QObject::tr(
            "D is T²·KL(softmax(z_old/T) ‖ softmax(z/T)) for method.fd.divergence \"kl\" (T = "
            "method.fd.temperature), or the mean over classes of (z − z_old)² for \"l2\". The condition "
            "(method.fd.filter) is old_correct: the old model classifies sample i correctly; neg_flip: the old "
            "model is right and the new one wrong; new_incorrect: the new model is wrong; all_pass weighs every "
            "sample 1 (plain distillation). Focusing the distillation on the samples the old model gets right "
            "is what keeps the new model from breaking them."),
        8.5, text);
    canvas.paragraph(
        QObject::tr(
            "Weighting (method.fd.weighting): \"per_sample\" is the formula above, as the FD paper defines it. "
            "\"batch_mean\" is R = mean(w) · mean(D): what the reference implementation computes in its KL mode "
            "(ConstrainedUpgrade/losses.py broadcasts the (N,) losses against the (N,1) weights), so the focus "
            "weights scale the whole batch instead of each sample. The seed notebook's recipe uses batch_mean; "
            "its L2 mode is per sample in the reference too."),
        8.5, text);
    canvas.heading(QObject::tr("Logit Difference Inhibition (LDI; ELODI, Zhao et al. 2022)"));
    canvas.paragraph(QObject::tr("R = (1/N) Σᵢ (1/C) Σ over c ∈ Sᵢ of max(|z_ic − z_old,ic| − m, 10⁻⁷)^p"), 9, text,
                     true);
    canvas.paragraph(
        QObject::tr("m = method.ldi.margin and p = method.ldi.p: logits may move up to m away from the old model's "
                    "for free, larger differences are penalised. Sᵢ holds every class, or only the method.ldi.top_k "
                    "largest old logits, without the true class when method.ldi.exclude_gt is set (the default, as "
                    "in the reference implementation); classes outside Sᵢ count as zero in the mean over all C "
                    "classes. method.ldi.one_sided penalises only max(z_ic − z_old,ic − m, 0)^p. With several "
                    "reference runs (ELODI) z_old is the mean of their logits."),
        8.5, text);

    canvas.heading(QObject::tr("Hyperparameters used"), 80);
    ReportTable table;
    table.header = {QObject::tr("Run"), QObject::tr("Method"), QObject::tr("Method parameters"),
                    QObject::tr("Training")};
    table.weights = {1.3, 0.7, 2.4, 2.4};
    table.fontSize = 7;
    table.boldColumns = 1;
    for (const ReportRun& run : data.runs)
        table.rows.append({{run.name, run.method, methodParameters(run),
                            run.config.isEmpty() ? QObject::tr("no config.json") : trainingParameters(run)}});
    canvas.table(table);
    canvas.paragraph(QObject::tr("Every other setting is in the configuration table of section 1."), 8,
                     QColor(90, 90, 90));
}

} // namespace flipbench::ui
