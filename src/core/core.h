/* core/core.h - everything of core/ in one include. */
#ifndef SW_CORE_CORE_H
#define SW_CORE_CORE_H
#include "core/assign.h"
#include "core/cfg.h"
#include "core/csv.h"
#include "core/log.h"
#include "core/mat.h"
#include "core/rc.h"
#include "core/records.h"
#include "core/rng.h"
#include "core/time.h"
#include "core/types.h"
#endif
