/* warn/wrn_shadow.h - a track without identity that is the radar shadow of a cooperative one.
 *
 * One aircraft can appear twice in the common picture: once as the track of the radars that read
 * its transponder (SSR, Mode S, ADS-B: identity, Mode C) and once as a primary-radar-only track
 * whose height is a guess (a 2-D radar measures no height; its tracker assumes one), so fusion,
 * gating in 3-D, keeps the two apart when the guess is kilometres off.  The second track has no
 * identity and may look "low and fast": a cruise missile.  The same happens without any
 * transponder (a military aircraft seen by a 3-D radar and, apart, by a 2-D one).  Before classification the picture is
 * scanned once: a track without identity whose horizontal position and horizontal velocity agree
 * with a cooperative track's, or with a track whose height is much better known (gates below,
 * heights NOT compared - that is the point), takes that track's identity and height, for the
 * warning engine only.
 *
 * The price, stated: a cruise missile flying within the gate of an airliner, at its heading and
 * speed, is taken for the airliner until they separate (a few km, i.e. seconds to a minute). */
#ifndef SW_WRN_SHADOW_H
#define SW_WRN_SHADOW_H

#include "core/types.h"

/* Gates: horizontal distance <= min(WRN_SHADOW_MAX_M, WRN_SHADOW_BASE_M + 3 sigma) and
 * horizontal velocity difference <= min(WRN_SHADOW_VMAX, WRN_SHADOW_VBASE + 3 sigma). */
#define WRN_SHADOW_BASE_M 1000.0
#define WRN_SHADOW_MAX_M 5000.0
#define WRN_SHADOW_VBASE 30.0
#define WRN_SHADOW_VMAX 60.0

/* True if the track answers a transponder (Mode 3/A, Mode S address or callsign). */
int wrn_has_identity(const sw_system_track *st);

/* Gives every track of pic[0..n) without identity that shadows a better track the better
 * track's transponder data (identity, Mode C) and, when its height is better known, its height
 * and vertical speed (the track is moved along the local vertical; P's z and vz variances are
 * the donor's).  A donor answers a transponder or has a height variance less than a quarter of
 * the shadow's; among several, one with an identity, then the nearest, then the lowest STN.  A
 * track that receives lends nothing (no chains).  pic is in the common ENU frame (spherical
 * Earth of radius 6371 km below the origin for the local vertical).  idx: scratch of 2 n ints.
 * Deterministic (order of pic does not matter).  Returns how many tracks received. */
int wrn_shadow_identity(sw_system_track *pic, int n, int *idx);

#endif
