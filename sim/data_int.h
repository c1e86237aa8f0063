/* sim/data_int.h -- bundled default data for China, compiled into the library.
 *
 * Generated from the CSV files in data/ by scripts/gen_data.py (sources named in those
 * files and in sim/data_china.c).  Used as defaults by the scenario loader.
 */
#ifndef FUNDSIM_DATA_INT_H
#define FUNDSIM_DATA_INT_H

#include "scenario_int.h"

/* Census 2020 (第七次全国人口普查), average population by single year of age
 * 0..99 and 100+, [0] male, [1] female, persons. */
extern const double fsi_china_pop2020[2][FS_NAGES];
/* Probability of dying within one year q(x) by single year of age, [0] male,
 * [1] female, from UN WPP2024 China 2020-2025 (5-year groups spread to single
 * years at constant hazard); q(100) = 1. */
extern const double fsi_china_qx[2][FS_NAGES];
/* Age-specific fertility shape (births per woman per year by mother's age),
 * census 2020, scaled so that the sum over ages is 1.0 (multiply by TFR). */
extern const double fsi_china_asfr_shape[FS_NAGES];

#endif
