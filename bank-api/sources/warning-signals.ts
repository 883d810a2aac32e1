/**
 * The warning signals moved to shared/monitoring (versioned rules, evaluated with the figures they saw);
 * re-exported here for the sandbox seed and loan generator.
 */
export {
  DROP_THRESHOLD_PERMILLE,
  WARNING_SIGNALS,
  type WarningSignal,
  warningSignals,
} from '../../shared/monitoring/warning-signals';
