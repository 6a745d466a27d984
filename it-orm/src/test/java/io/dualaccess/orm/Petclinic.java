package io.dualaccess.orm;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A PetClinic-like model, mapped the way such applications map it: generated ids (sequences on
 * PostgreSQL), lazy collections loaded in batches, a many-to-many between vets and specialties.
 */
final class Petclinic {

    private Petclinic() {
    }

    static final List<Class<?>> ENTITIES = List.of(PetType.class, Specialty.class, Vet.class, Owner.class, Pet.class, Visit.class);

    /** Table names, for verify. */
    static final List<String> TABLES = List.of("types", "specialties", "vets", "vet_specialties", "owners", "pets", "visits");

    @Entity(name = "PetType")
    @Table(name = "types")
    public static class PetType {
        @Id
        public Integer id;
        @Column(length = 80)
        public String name;

        public PetType() {
        }

        PetType(Integer id, String name) {
            this.id = id;
            this.name = name;
        }

        /** Through a method, so a lazy proxy loads (its fields stay empty). */
        public String getName() {
            return name;
        }
    }

    @Entity(name = "Specialty")
    @Table(name = "specialties")
    public static class Specialty {
        @Id
        @GeneratedValue
        public Integer id;
        @Column(length = 80)
        public String name;
    }

    @Entity(name = "Vet")
    @Table(name = "vets")
    public static class Vet {
        @Id
        @GeneratedValue
        public Integer id;
        @Column(name = "first_name", length = 30)
        public String firstName;
        @Column(name = "last_name", length = 30)
        public String lastName;
        @ManyToMany(fetch = FetchType.LAZY)
        @JoinTable(name = "vet_specialties", joinColumns = @JoinColumn(name = "vet_id"),
            inverseJoinColumns = @JoinColumn(name = "specialty_id"))
        public Set<Specialty> specialties = new LinkedHashSet<>();
    }

    @Entity(name = "Owner")
    @Table(name = "owners")
    public static class Owner {
        @Id
        @GeneratedValue
        public Integer id;
        @Column(name = "first_name", length = 30)
        public String firstName;
        @Column(name = "last_name", length = 30)
        public String lastName;
        @Column(length = 255)
        public String address;
        @Column(length = 80)
        public String city;
        @Column(length = 20)
        public String telephone;
        public boolean active = true;
        @OneToMany(mappedBy = "owner", fetch = FetchType.LAZY)
        @OrderBy("name")
        public List<Pet> pets = new ArrayList<>();
    }

    @Entity(name = "Pet")
    @Table(name = "pets")
    public static class Pet {
        @Id
        @GeneratedValue
        public Integer id;
        @Column(length = 30)
        public String name;
        @Column(name = "birth_date")
        public LocalDate birthDate;
        @Column(precision = 6, scale = 2)
        public BigDecimal weight;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "type_id")
        public PetType type;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "owner_id")
        public Owner owner;
        @OneToMany(mappedBy = "pet", fetch = FetchType.LAZY)
        @OrderBy("date")
        public List<Visit> visits = new ArrayList<>();
    }

    @Entity(name = "Visit")
    @Table(name = "visits")
    public static class Visit {
        @Id
        @GeneratedValue
        public Integer id;
        @Column(name = "visit_date")
        public LocalDate date;
        @Column(length = 255)
        public String description;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "pet_id")
        public Pet pet;
    }
}
