-- Ratings kept as a compact JSON array (StoredRating: [likelihood, impact, likelihoodLevel,
-- impactLevel, severity, score, [the sixteen factors in the methodology's order]]) instead of
-- named fields: a rescore after a policy change reads and rewrites every rating, and the named
-- form was seven times the bytes.
alter table threat_risks alter column rating type text using jsonb_build_array(
    rating -> 'likelihood', rating -> 'impact', rating -> 'likelihoodLevel', rating -> 'impactLevel',
    rating -> 'severity', rating -> 'score', jsonb_build_array(
        rating -> 'factors' -> 'skillLevel', rating -> 'factors' -> 'motive', rating -> 'factors' -> 'opportunity',
        rating -> 'factors' -> 'size', rating -> 'factors' -> 'easeOfDiscovery', rating -> 'factors' -> 'easeOfExploit',
        rating -> 'factors' -> 'awareness', rating -> 'factors' -> 'intrusionDetection',
        rating -> 'factors' -> 'lossOfConfidentiality', rating -> 'factors' -> 'lossOfIntegrity',
        rating -> 'factors' -> 'lossOfAvailability', rating -> 'factors' -> 'lossOfAccountability',
        rating -> 'factors' -> 'financialDamage', rating -> 'factors' -> 'reputationDamage',
        rating -> 'factors' -> 'nonCompliance', rating -> 'factors' -> 'privacyViolation'))::text;
