// Modelled energy on the tiers page (pure; main thread and tests): what one request costs this device's battery on
// each tier — computing it here, or moving its data over the radio and waiting — and at each split point. The
// remote machines' own energy is not counted: the question is the battery's.
import type { SplitRow } from './split.ts';
import { downBytes, upBytes, type NetworkProfile, type Payload, type Tier, type TierLatency } from './tier-model.ts';
import { DEVICE_POWER, RADIO_MODELS, type DeviceClass, type RadioModel } from '../energy/constants.ts';
import { addEnergy, computeEnergy, radioEnergy, ZERO_ENERGY, type EnergyFigure } from '../energy/energy-model.ts';

/** Which radio model a network preset stands for; null for a wired link (no radio in the model). */
export function radioFor(networkKey: string): RadioModel | null {
  switch (networkKey) {
    case '3g':
      return RADIO_MODELS['3g'];
    case '4g':
      return RADIO_MODELS.lte;
    case '5g':
      return RADIO_MODELS['5g'];
    case 'wifi':
      return RADIO_MODELS.wifi;
    default:
      return null;
  }
}

export interface EnergyAssumptions {
  deviceClass: DeviceClass;
  /** Count the radio's tail after each request (isolated requests); off for a stream closer than the tail. */
  tail: boolean;
}

/**
 * This device's energy for one request on a tier: on the device itself, its power × the compute time; elsewhere, the
 * radio's energy to send the request, wait (round trip, queueing, remote compute) and receive the answer. Null where
 * the model has no radio for the link (wired).
 */
export function tierEnergy(
  l: TierLatency,
  tier: Tier,
  payload: Payload,
  batch: number,
  e: EnergyAssumptions,
  networkKey: string,
): EnergyFigure | null {
  if (!tier.network) return computeEnergy(DEVICE_POWER[e.deviceClass], l.computeMs);
  const radio = radioFor(networkKey);
  if (!radio) return null;
  return radioEnergy(radio, {
    upBytes: upBytes(payload, batch),
    downBytes: downBytes(payload, batch),
    upMbps: tier.network.upMbps,
    downMbps: tier.network.downMbps,
    waitMs: l.rttMs + l.queueMs + l.computeMs,
    tail: e.tail,
  });
}

/**
 * This device's energy at a split point: the head computed here, and unless everything ran here, the radio sending
 * the intermediate tensor (or the inputs at layer 0), waiting for the tail at the edge and receiving the result.
 */
export function splitEnergy(
  row: SplitRow,
  layers: number,
  outputBytes: number,
  network: NetworkProfile,
  networkKey: string,
  e: EnergyAssumptions,
): EnergyFigure | null {
  const { head, radio } = splitEnergyParts(row, layers, outputBytes, network, networkKey, e);
  if (row.layer >= layers) return head;
  return radio ? addEnergy(head, radio) : null;
}

/** The head's compute energy and the radio's (zero when every layer runs here; null where no radio is modelled). */
export function splitEnergyParts(
  row: SplitRow,
  layers: number,
  outputBytes: number,
  network: NetworkProfile,
  networkKey: string,
  e: EnergyAssumptions,
): { head: EnergyFigure; radio: EnergyFigure | null } {
  const head = computeEnergy(DEVICE_POWER[e.deviceClass], row.headMs);
  if (row.layer >= layers) return { head, radio: ZERO_ENERGY };
  const radio = radioFor(networkKey);
  if (!radio) return { head, radio: null };
  return {
    head,
    radio: radioEnergy(radio, {
      upBytes: row.upBytes,
      downBytes: outputBytes,
      upMbps: network.upMbps,
      downMbps: network.downMbps,
      waitMs: row.rttMs + row.tailMs,
      tail: e.tail,
    }),
  };
}
