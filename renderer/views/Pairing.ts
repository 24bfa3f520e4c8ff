// The Pairing view: what it is for and what must happen first; an honest empty state until its use case lands.
import { emptyStateView } from '../components/EmptyState';

export const pairingView = emptyStateView({
  id: 'pairing',
  title: 'Pairing',
  purpose:
    'Pair this relay with a vault, so the vault accepts the snapshots this relay signs.',
  state: 'Not paired with a vault yet.',
  next: 'Pairing is done once per vault, by QR code, with the vault at hand.',
});
