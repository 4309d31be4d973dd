package dev.courtside.model;

import java.util.Objects;

/**
 * A team as one league knows it.
 *
 * @param league league id, such as {@code nba}
 * @param id the provider's stable team id, unique within the league
 * @param name full name, such as {@code Brooklyn Nets}
 * @param shortName tricode or abbreviation, such as {@code BKN}
 * @param location city or region, such as {@code Brooklyn}; may be empty
 */
public record Team(String league, String id, String name, String shortName, String location) {

  public Team {
    Objects.requireNonNull(league, "league");
    Objects.requireNonNull(id, "id");
    name = name == null ? "" : name;
    shortName = shortName == null ? "" : shortName;
    location = location == null ? "" : location;
  }
}
