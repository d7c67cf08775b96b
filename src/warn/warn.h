/* warn/warn.h - threats and warnings: everything of warn/ in one include.
 *
 *   wrn_types.h    sw_warning, wrn_ack: what goes to partners, the audit log and CAP
 *   wrn_area.h     defended areas (config, GeoJSON) and the probability of a point inside one
 *   wrn_class.h    classification of a system track (ballistic, cruise, aircraft, drone)
 *   wrn_predict.h  impact point with error ellipse (ballistic), arrival over an area (others)
 *   wrn_engine.h   the engine: picture -> warnings, life cycle, delivery and acknowledgement
 *
 * docs/warnings.md is the user documentation (rules, formats, commands). */
#ifndef SW_WARN_H
#define SW_WARN_H
#include "warn/wrn_area.h"
#include "warn/wrn_class.h"
#include "warn/wrn_engine.h"
#include "warn/wrn_predict.h"
#include "warn/wrn_types.h"
#endif
