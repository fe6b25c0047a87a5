// The appendix: what Focal Distillation and Logit Difference Inhibition optimise (the formulas
// of core/methods/distillation_losses.cpp, in words the reader can check against the config keys) and
// the hyperparameters each run was trained with.

#include "ui/report/report_pages.h"

#include <initializer_list>
#include <string>

namespace flipbench::ui {

namespace {

QString valueOf(const ReportRun& run, const std::string& path)
{
    return QString::fromStdString(flipbench::settingValue(run.settings, path));
}

/// "key value, key value" of the listed keys under `prefix` ("method.fd") that the run's config has.
QString joinKeys(const ReportRun& run, const std::string& prefix, std::initializer_list<const char*> keys)
{
    QStringList parts;
    for (const char* key : keys)
        if (const QString v = valueOf(run, prefix + "." + key); !v.isEmpty())
            parts << QString::fromLatin1(key) + QLatin1Char(' ') + v;
    return parts.join(QStringLiteral(", "));
}

QString methodParameters(const ReportRun& run)
{
    const QString name = valueOf(run, "method.name");
    QStringList parts;
    if (name == QLatin1String("fd"))
        parts << joinKeys(run, "method.fd",
                          {"divergence", "temperature", "filter", "filter_base", "filter_scale", "weighting"});
    else if (name == QLatin1String("ldi"))
        parts << joinKeys(run, "method.ldi", {"p", "margin", "top_k", "exclude_gt", "one_sided"});
    if (name == QLatin1String("fd") || name == QLatin1String("ldi")) {
        parts << joinKeys(run, "method", {"kd_loss_weight", "kd_alpha", "init_from_reference"});
        // The setting lists the reference runs by folder name, joined by ", "; an ensemble reads "a + b" here.
        parts << QObject::tr("reference %1")
                     .arg(valueOf(run, "method.reference").replace(QStringLiteral(", "), QStringLiteral(" + ")));
    }
    parts.removeAll(QString());
    return parts.isEmpty() ? QObject::tr("cross-entropy only") : parts.join(QStringLiteral("; "));
}

QString trainingParameters(const ReportRun& run)
{
    return joinKeys(run, "train",
                    {"epochs", "batch_size", "lr", "schedule", "momentum", "weight_decay", "seed", "precision"});
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
                            run.settings.empty() ? QObject::tr("no config.json") : trainingParameters(run)}});
    canvas.table(table);
    canvas.paragraph(QObject::tr("Every other setting is in the configuration table of section 1."), 8,
                     QColor(90, 90, 90));
}

} // namespace flipbench::ui
