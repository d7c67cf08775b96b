/* sim/detect.c - whether a radar sees a target: the radar equation with Swerling fluctuation.
 *
 * The mean signal-to-noise ratio falls with the fourth power of range and rises with the mean
 * radar cross-section: snr = snr_ref (rcs / rcs_ref) (range_ref / r)^4 (Skolnik, Introduction to
 * Radar Systems, 3rd ed., eq. 2.1).  snr_ref is set from what a radar engineer quotes: "Pd 0.9 on
 * 1 m^2 at 200 km with Pfa 1e-6", solved for a Swerling I target (Pd = Pfa^(1/(1+snr)), Skolnik
 * eq. 2.30 for one look).  Each look is then simulated as the detector sees it, not through a
 * formula: the cross-section of that look is drawn from its Swerling distribution (0: constant;
 * I/II: exponential, chi-square with 2 degrees of freedom; III/IV: chi-square with 4), the
 * received sample is the signal plus complex Gaussian noise of unit power, and the plot exists when
 * the square-law output exceeds the threshold T = -ln(Pfa) that gives the configured false-alarm
 * probability.  The tests check the measured Pd against the closed forms. */
#include "sim/sim_internal.h"

#include <math.h>

double sim_pd_swerling1(double snr, double pfa)
{
    return pow(pfa, 1.0 / (1.0 + snr));
}

double sim_radar_mean_snr(const sim_sensor *s, double rcs, double r)
{
    if (!(r > 1))
        r = 1;
    double q = s->range_ref / r;
    return s->snr_ref * (rcs / s->rcs_ref) * q * q * q * q;
}

int sim_radar_detect(const sim_sensor *s, double rcs, int swerling, double r, sw_rng *rng)
{
    if (s->pd >= 0)
        return sw_rng_uniform(rng) < s->pd;
    double snr = sim_radar_mean_snr(s, rcs, r);
    switch (swerling) {
    case 1:
    case 2: snr *= sw_rng_exp(rng); break;
    case 3:
    case 4: snr *= 0.5 * (sw_rng_exp(rng) + sw_rng_exp(rng)); break;
    default: break;
    }
    /* noise: complex Gaussian of unit power, N(0, 1/2) per component */
    double re = sqrt(snr) + M_SQRT1_2 * sw_rng_normal(rng), im = M_SQRT1_2 * sw_rng_normal(rng);
    return re * re + im * im > s->thresh;
}
