#include "flipbench/compare/pareto_front.h"

#include <algorithm>

namespace flipbench {

std::vector<int> paretoFront(const std::vector<TradeoffPoint>& points)
{
    std::vector<int> front;
    for (size_t i = 0; i < points.size(); ++i) {
        const auto& p = points[i];
        const bool dominated = std::any_of(points.begin(), points.end(), [&](const TradeoffPoint& q) {
            return q.accuracy >= p.accuracy && q.nfr <= p.nfr && (q.accuracy > p.accuracy || q.nfr < p.nfr);
        });
        if (!dominated)
            front.push_back(static_cast<int>(i));
    }
    std::sort(front.begin(), front.end(), [&](int a, int b) {
        const auto& pa = points[static_cast<size_t>(a)];
        const auto& pb = points[static_cast<size_t>(b)];
        return pa.nfr != pb.nfr ? pa.nfr < pb.nfr : pa.accuracy < pb.accuracy;
    });
    return front;
}

Tradeoff tradeoffAgainst(const PairwiseComparison& pairwise, int reference)
{
    Tradeoff tradeoff;
    const int n = static_cast<int>(pairwise.accuracy.size());
    if (reference < 0 || reference >= n || reference >= static_cast<int>(pairwise.nfr.size()))
        return tradeoff;
    tradeoff.reference = reference;
    tradeoff.referenceAccuracy = pairwise.accuracy[static_cast<size_t>(reference)];
    const auto& row = pairwise.nfr[static_cast<size_t>(reference)];
    for (int j = 0; j < n; ++j) {
        if (j == reference)
            continue;
        TradeoffPoint point;
        point.model = j;
        point.accuracy = pairwise.accuracy[static_cast<size_t>(j)];
        point.nfr = j < static_cast<int>(row.size()) ? row[static_cast<size_t>(j)] : 0.0;
        tradeoff.points.push_back(point);
    }
    for (int i : paretoFront(tradeoff.points))
        tradeoff.points[static_cast<size_t>(i)].onFront = true;
    return tradeoff;
}

} // namespace flipbench
