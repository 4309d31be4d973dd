package dev.courtside.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Inference of the home and the away team from play-by-play that names a team on each play but
 * never its side. The team whose scoring play raises the home score is home, and the one whose
 * scoring play raises the away score is away.
 */
final class SideInference {

  private final Map<String, String> tricodes = new LinkedHashMap<>();
  private String homeId;
  private String awayId;

  /** Records a team seen on a play, with its tricode when the feed gives one. */
  void seen(String teamId, String tricode) {
    if (teamId == null) {
      return;
    }
    String known = tricodes.get(teamId);
    if (known == null || known.isEmpty()) {
      tricodes.put(teamId, tricode == null ? "" : tricode);
    }
  }

  /** Records a play by {@code teamId} that changed the home or the away score. */
  void scored(String teamId, boolean homeRaised, boolean awayRaised) {
    if (teamId == null || homeRaised == awayRaised) {
      return;
    }
    if (homeRaised && homeId == null) {
      homeId = teamId;
    } else if (awayRaised && awayId == null) {
      awayId = teamId;
    }
  }

  /**
   * Returns the home team id, or the only other team seen when only the away team scored.
   * Returns null when neither can be inferred.
   */
  String homeId() {
    return homeId != null ? homeId : otherThan(awayId);
  }

  /** Returns the away team id, inferred like {@link #homeId()}. */
  String awayId() {
    return awayId != null ? awayId : otherThan(homeId);
  }

  /** Returns the tricode seen with a team id, or an empty string. */
  String tricode(String teamId) {
    return tricodes.getOrDefault(teamId, "");
  }

  private String otherThan(String knownId) {
    if (knownId == null) {
      return null;
    }
    String other = null;
    for (String id : tricodes.keySet()) {
      if (!id.equals(knownId)) {
        if (other != null) {
          return null;
        }
        other = id;
      }
    }
    return other;
  }
}
