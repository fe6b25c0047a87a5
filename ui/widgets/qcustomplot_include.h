#pragma once

// qcustomplot.h is written with Qt's keyword macros (signals, slots, emit, foreach), which this
// project turns off (QT_NO_KEYWORDS: LibTorch uses `slots` as an identifier). Map them to the
// Q_ spellings for that one header, then remove them again.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
